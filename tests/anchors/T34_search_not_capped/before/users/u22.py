from pkg import mod


def use_22():
    return mod.func()
