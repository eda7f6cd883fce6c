def f(Old):
    return Old.CANCELED


class Other:
    Old = 1
