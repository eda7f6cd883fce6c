from pkg import newmod as mod


def use_58():
    return mod.func()
