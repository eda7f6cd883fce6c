import pkg.newmod


def use_21():
    return pkg.newmod.func()
