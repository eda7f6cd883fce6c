from pkg import mod


def use_1():
    return mod.func()
