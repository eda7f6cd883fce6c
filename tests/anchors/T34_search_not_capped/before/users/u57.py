import pkg.mod


def use_57():
    return pkg.mod.func()
