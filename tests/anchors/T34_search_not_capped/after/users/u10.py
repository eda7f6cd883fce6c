from pkg import newmod as mod


def use_10():
    return mod.func()
