import pkg.newmod


def use_54():
    return pkg.newmod.func()
