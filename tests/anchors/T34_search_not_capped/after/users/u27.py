import pkg.newmod


def use_27():
    return pkg.newmod.func()
