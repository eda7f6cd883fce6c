from typing import Optional, Union


def f(a: Optional["pkg.mod.Klass"], b: "list[pkg.mod.Klass]") -> 'Union[pkg.mod.Klass, pkg.models.Model]':
    value: "pkg.mod.Klass | None" = None
    return value
