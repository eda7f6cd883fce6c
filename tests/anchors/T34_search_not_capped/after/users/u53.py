from pkg.newmod import func


def use_53():
    return func()
