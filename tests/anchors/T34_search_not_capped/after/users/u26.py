from pkg.newmod import func


def use_26():
    return func()
