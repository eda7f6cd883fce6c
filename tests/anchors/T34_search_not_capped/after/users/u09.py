import pkg.newmod


def use_9():
    return pkg.newmod.func()
