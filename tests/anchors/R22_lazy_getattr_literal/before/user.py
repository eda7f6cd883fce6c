import pkg


def total():
    return pkg.legacy.VALUE + pkg.helpers.VALUE
