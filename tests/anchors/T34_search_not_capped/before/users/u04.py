from pkg import mod


def use_4():
    return mod.func()
