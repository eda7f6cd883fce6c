from pkg.newmod import func


def use_14():
    return func()
