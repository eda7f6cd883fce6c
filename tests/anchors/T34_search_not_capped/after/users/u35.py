from pkg.newmod import func


def use_35():
    return func()
