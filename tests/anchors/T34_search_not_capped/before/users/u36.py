import pkg.mod


def use_36():
    return pkg.mod.func()
