import pkg.mod


def use_0():
    return pkg.mod.func()
