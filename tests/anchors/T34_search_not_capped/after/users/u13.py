from pkg import newmod as mod


def use_13():
    return mod.func()
