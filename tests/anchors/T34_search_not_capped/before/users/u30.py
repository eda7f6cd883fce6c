import pkg.mod


def use_30():
    return pkg.mod.func()
