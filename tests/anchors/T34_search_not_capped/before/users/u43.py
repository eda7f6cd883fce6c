from pkg import mod


def use_43():
    return mod.func()
