from pkg.mod import func


def use_26():
    return func()
