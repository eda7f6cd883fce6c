from pkg.newmod import func


def use_29():
    return func()
