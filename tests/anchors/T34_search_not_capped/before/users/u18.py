import pkg.mod


def use_18():
    return pkg.mod.func()
