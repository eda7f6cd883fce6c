from pkg import newmod as mod


def use_43():
    return mod.func()
