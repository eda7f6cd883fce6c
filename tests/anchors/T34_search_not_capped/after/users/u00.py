import pkg.newmod


def use_0():
    return pkg.newmod.func()
