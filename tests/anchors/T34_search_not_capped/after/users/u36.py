import pkg.newmod


def use_36():
    return pkg.newmod.func()
