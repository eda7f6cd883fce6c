def f(a, b):
    # type: (pkg.mod.Klass, int) -> pkg.mod.Klass
    x = []  # type: list[pkg.mod.Klass]
    y = g()  # type: ignore[attr-defined]  # pkg.mod
    return x  # pkg.mod.Klass, an ordinary comment
