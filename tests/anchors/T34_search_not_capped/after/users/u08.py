from pkg.newmod import func


def use_8():
    return func()
