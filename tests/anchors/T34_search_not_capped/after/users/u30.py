import pkg.newmod


def use_30():
    return pkg.newmod.func()
