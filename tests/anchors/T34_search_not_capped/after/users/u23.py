from pkg.newmod import func


def use_23():
    return func()
