import pkg.mod


def use_33():
    return pkg.mod.func()
