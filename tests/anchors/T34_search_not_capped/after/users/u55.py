from pkg import newmod as mod


def use_55():
    return mod.func()
