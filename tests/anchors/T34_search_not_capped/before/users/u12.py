import pkg.mod


def use_12():
    return pkg.mod.func()
