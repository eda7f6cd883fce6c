from pkg.mod import func


def use_8():
    return func()
