from pkg.newmod import func


def use_20():
    return func()
