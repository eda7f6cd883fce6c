from pkg import mod


def use_58():
    return mod.func()
