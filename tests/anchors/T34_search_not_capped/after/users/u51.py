import pkg.newmod


def use_51():
    return pkg.newmod.func()
