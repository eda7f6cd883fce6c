from pkg import newmod as mod


def use_40():
    return mod.func()
