from pkg import mod


def use_16():
    return mod.func()
