from pkg.mod import func


def use_14():
    return func()
