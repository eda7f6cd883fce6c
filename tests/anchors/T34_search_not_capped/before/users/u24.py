import pkg.mod


def use_24():
    return pkg.mod.func()
