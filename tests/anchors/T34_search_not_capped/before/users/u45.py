import pkg.mod


def use_45():
    return pkg.mod.func()
