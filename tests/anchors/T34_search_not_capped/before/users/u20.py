from pkg.mod import func


def use_20():
    return func()
