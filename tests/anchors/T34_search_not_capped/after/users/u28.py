from pkg import newmod as mod


def use_28():
    return mod.func()
