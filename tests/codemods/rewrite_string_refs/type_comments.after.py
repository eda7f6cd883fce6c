def f(a, b):
    # type: (pkg.newmod.Klass, int) -> pkg.newmod.Klass
    x = []  # type: list[pkg.newmod.Klass]
    y = g()  # type: ignore[attr-defined]  # pkg.mod
    return x  # pkg.mod.Klass, an ordinary comment
