from pkg.newmod import func


def use_44():
    return func()
