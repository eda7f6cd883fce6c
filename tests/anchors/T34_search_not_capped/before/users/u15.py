import pkg.mod


def use_15():
    return pkg.mod.func()
