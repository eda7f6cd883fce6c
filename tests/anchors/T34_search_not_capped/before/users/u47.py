from pkg.mod import func


def use_47():
    return func()
