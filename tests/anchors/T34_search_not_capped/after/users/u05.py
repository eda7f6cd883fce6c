from pkg.newmod import func


def use_5():
    return func()
