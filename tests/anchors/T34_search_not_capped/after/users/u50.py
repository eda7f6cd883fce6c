from pkg.newmod import func


def use_50():
    return func()
