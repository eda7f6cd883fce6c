from pkg import mod


def use_55():
    return mod.func()
