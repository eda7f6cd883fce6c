from pkg.newmod import func


def use_56():
    return func()
