from pkg.mod import func


def use_38():
    return func()
