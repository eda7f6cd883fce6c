from pkg.mod import func


def use_50():
    return func()
