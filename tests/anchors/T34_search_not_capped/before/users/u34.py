from pkg import mod


def use_34():
    return mod.func()
