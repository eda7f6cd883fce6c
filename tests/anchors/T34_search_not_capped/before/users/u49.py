from pkg import mod


def use_49():
    return mod.func()
