from pkg import newmod as mod


def use_37():
    return mod.func()
