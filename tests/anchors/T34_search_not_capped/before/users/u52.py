from pkg import mod


def use_52():
    return mod.func()
