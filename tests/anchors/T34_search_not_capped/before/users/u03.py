import pkg.mod


def use_3():
    return pkg.mod.func()
