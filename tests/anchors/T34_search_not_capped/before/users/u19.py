from pkg import mod


def use_19():
    return mod.func()
