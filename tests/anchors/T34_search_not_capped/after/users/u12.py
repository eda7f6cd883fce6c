import pkg.newmod


def use_12():
    return pkg.newmod.func()
