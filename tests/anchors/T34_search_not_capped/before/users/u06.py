import pkg.mod


def use_6():
    return pkg.mod.func()
