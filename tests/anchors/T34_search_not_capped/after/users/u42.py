import pkg.newmod


def use_42():
    return pkg.newmod.func()
