from pkg import mod


def use_13():
    return mod.func()
