import pkg.mod


def use_39():
    return pkg.mod.func()
