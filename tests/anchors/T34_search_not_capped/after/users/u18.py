import pkg.newmod


def use_18():
    return pkg.newmod.func()
