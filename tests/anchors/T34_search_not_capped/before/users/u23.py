from pkg.mod import func


def use_23():
    return func()
