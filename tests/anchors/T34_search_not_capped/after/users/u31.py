from pkg import newmod as mod


def use_31():
    return mod.func()
