import pkg.mod


def f(x, /):
    match x:
        case 1:
            return pkg.mod.func()
        case _:
            return None


def g():
    with (open(__file__) as a, open(__file__) as b):
        return a.name, b.name
