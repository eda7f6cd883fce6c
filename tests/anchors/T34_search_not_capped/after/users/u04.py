from pkg import newmod as mod


def use_4():
    return mod.func()
