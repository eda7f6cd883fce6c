from pkg import mod


def use_7():
    return mod.func()
