from pkg.newmod import func


def use_17():
    return func()
