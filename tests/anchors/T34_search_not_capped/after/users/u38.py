from pkg.newmod import func


def use_38():
    return func()
