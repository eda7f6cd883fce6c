from pkg.mod import func


def use_41():
    return func()
