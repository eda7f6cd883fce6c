from pkg import newmod as mod


def use_7():
    return mod.func()
