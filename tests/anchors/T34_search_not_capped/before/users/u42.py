import pkg.mod


def use_42():
    return pkg.mod.func()
