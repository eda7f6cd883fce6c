from pkg import mod


def use_25():
    return mod.func()
