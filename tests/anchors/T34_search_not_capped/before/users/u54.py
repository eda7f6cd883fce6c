import pkg.mod


def use_54():
    return pkg.mod.func()
