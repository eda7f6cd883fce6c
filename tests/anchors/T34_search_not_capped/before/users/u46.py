from pkg import mod


def use_46():
    return mod.func()
