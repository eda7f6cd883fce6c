from pkg import newmod as mod


def use_19():
    return mod.func()
