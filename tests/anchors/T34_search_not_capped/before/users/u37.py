from pkg import mod


def use_37():
    return mod.func()
