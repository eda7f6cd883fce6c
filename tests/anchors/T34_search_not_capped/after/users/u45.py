import pkg.newmod


def use_45():
    return pkg.newmod.func()
