from pkg.mod import func


def use_56():
    return func()
