from pkg.newmod import func


def use_32():
    return func()
