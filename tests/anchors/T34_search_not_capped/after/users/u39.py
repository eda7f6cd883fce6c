import pkg.newmod


def use_39():
    return pkg.newmod.func()
