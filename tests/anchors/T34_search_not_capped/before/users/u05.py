from pkg.mod import func


def use_5():
    return func()
