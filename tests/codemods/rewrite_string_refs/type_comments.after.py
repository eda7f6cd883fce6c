def f(a, b):
    # type: (pkg.newmod.Klass, int) -> pkg.newmod.Klass
    x = []  # type: list[pkg.newmod.Klass]
    y = g()  # type: ignore[attr-defined]  # pkg.newmod
    return x  # pkg.newmod.Klass, an ordinary comment
