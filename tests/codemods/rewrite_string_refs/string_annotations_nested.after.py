from typing import Optional, Union


def f(a: Optional["pkg.newmod.Klass"], b: "list[pkg.newmod.Klass]") -> 'Union[pkg.newmod.Klass, pkg.models.Model]':
    value: "pkg.newmod.Klass | None" = None
    return value
