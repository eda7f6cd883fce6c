from pkg.mod import func


def use_59():
    return func()
