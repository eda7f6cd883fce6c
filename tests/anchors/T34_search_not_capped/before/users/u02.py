from pkg.mod import func


def use_2():
    return func()
