from pkg.newmod import func


def use_2():
    return func()
