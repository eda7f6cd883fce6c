from pkg.mod import func


def use_29():
    return func()
