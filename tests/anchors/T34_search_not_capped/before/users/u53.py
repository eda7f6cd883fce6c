from pkg.mod import func


def use_53():
    return func()
