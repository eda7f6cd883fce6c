from pkg import newmod as mod


def use_16():
    return mod.func()
