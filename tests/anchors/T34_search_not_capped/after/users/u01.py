from pkg import newmod as mod


def use_1():
    return mod.func()
