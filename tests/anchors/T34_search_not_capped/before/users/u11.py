from pkg.mod import func


def use_11():
    return func()
