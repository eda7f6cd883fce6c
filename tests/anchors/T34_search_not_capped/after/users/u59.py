from pkg.newmod import func


def use_59():
    return func()
