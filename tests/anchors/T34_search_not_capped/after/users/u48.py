import pkg.newmod


def use_48():
    return pkg.newmod.func()
