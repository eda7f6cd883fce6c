from pkg import newmod as mod


def use_46():
    return mod.func()
