from pkg import newmod as mod


def use_25():
    return mod.func()
