import pkg.newmod


def use_15():
    return pkg.newmod.func()
