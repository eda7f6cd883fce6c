from pkg import mod


def use_28():
    return mod.func()
