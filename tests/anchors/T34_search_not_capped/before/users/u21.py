import pkg.mod


def use_21():
    return pkg.mod.func()
