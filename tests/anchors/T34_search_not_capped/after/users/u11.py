from pkg.newmod import func


def use_11():
    return func()
