import pkg.mod


def use_48():
    return pkg.mod.func()
