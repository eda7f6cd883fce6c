from pkg import newmod as mod


def use_34():
    return mod.func()
