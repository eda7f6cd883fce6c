from pkg.newmod import func


def use_47():
    return func()
