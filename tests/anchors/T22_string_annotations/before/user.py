import pkg.mod


def f(x: "pkg.mod.Klass") -> None:
    return None


y = None  # type: pkg.mod.Klass
