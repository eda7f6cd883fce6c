import pkg.mod


def use_9():
    return pkg.mod.func()
