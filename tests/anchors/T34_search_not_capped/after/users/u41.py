from pkg.newmod import func


def use_41():
    return func()
