import pkg.newmod


def f(x: "pkg.newmod.Klass") -> None:
    return None


y = None  # type: pkg.newmod.Klass
