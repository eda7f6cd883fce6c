from pkg import mod


def use_10():
    return mod.func()
