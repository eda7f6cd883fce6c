from pkg.mod import func


def use_17():
    return func()
