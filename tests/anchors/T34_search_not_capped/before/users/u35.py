from pkg.mod import func


def use_35():
    return func()
