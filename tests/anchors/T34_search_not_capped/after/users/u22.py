from pkg import newmod as mod


def use_22():
    return mod.func()
