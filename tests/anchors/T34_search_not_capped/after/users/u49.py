from pkg import newmod as mod


def use_49():
    return mod.func()
