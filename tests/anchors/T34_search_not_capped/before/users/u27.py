import pkg.mod


def use_27():
    return pkg.mod.func()
