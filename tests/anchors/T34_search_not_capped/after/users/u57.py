import pkg.newmod


def use_57():
    return pkg.newmod.func()
