from pkg import newmod as mod


def use_52():
    return mod.func()
