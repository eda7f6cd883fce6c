from pkg import mod


def use_40():
    return mod.func()
