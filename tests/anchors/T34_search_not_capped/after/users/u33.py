import pkg.newmod


def use_33():
    return pkg.newmod.func()
