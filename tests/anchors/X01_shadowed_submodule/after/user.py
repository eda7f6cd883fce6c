from pkg import sympify


def use(x):
    return sympify(x)
