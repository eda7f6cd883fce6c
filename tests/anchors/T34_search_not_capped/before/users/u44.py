from pkg.mod import func


def use_44():
    return func()
