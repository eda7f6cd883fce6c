import pkg.newmod


def use_24():
    return pkg.newmod.func()
