import pkg.newmod


def use_6():
    return pkg.newmod.func()
