import pkg.mod


def use_51():
    return pkg.mod.func()
