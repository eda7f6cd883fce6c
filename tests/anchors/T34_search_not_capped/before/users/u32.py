from pkg.mod import func


def use_32():
    return func()
