import pkg.newmod


def use_3():
    return pkg.newmod.func()
