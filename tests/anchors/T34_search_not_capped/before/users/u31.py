from pkg import mod


def use_31():
    return mod.func()
