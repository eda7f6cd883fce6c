"""A lazy table that keeps its keys: other code reads it as the package's public names (issue 13, breaker c14).

``__all__ = sorted(_SUBMODULES)``, a ``__dir__`` returning ``sorted(_SUBMODULES)``, ``len(_SUBMODULES)``: a table
read anywhere but ``name in TABLE`` or ``TABLE[name]`` in ``__getattr__`` is what ``pkg.__all__``, ``dir(pkg)`` and
``from pkg import *`` see, so its mapping (codemods/lazy_table.py) keeps the old names as its only keys, each to
its module's new name, and the lookup answers the new names Rope wrote in the importers as the table's values::

    if name in _SUBMODULES or name in _SUBMODULES.values():
        return importlib.import_module(f".{_SUBMODULES.get(name, name)}", __name__)
"""

from __future__ import annotations

import libcst as cst

__all__ = ["membership", "values_too"]


def membership(ancestors: list[cst.CSTNode], function: cst.FunctionDef, parameter: str) -> cst.Comparison | None:
    """The comparison ``name in TABLE`` / ``name not in TABLE`` in ``__getattr__`` this use of the table is in
    (the lookup the mapping understands), or None: a read of the table as the package's names."""
    if len(ancestors) < 2 or not any(a is function for a in ancestors):
        return None
    target, comparison = ancestors[-1], ancestors[-2]
    if not isinstance(target, cst.ComparisonTarget) or not isinstance(comparison, cst.Comparison):
        return None
    if (
        len(comparison.comparisons) != 1
        or not isinstance(comparison.left, cst.Name)
        or comparison.left.value != parameter
    ):
        return None
    return comparison if isinstance(target.operator, (cst.In, cst.NotIn)) else None


def values_too(table: str, test: cst.Comparison, *, whole: bool) -> cst.BaseExpression:
    """``name in TABLE`` -> ``name in TABLE or name in TABLE.values()`` (``not in``: ``and ... not in``), for a
    table that keeps its keys (codemods/lazy_table.py's ``LazyMapping.public``): the new names Rope wrote in the importers are its values.
    Parenthesized unless it is the whole test of its statement (``whole``)."""
    values = cst.Call(cst.Attribute(cst.Name(table), cst.Name("values")))
    target = test.comparisons[0]
    second = test.with_changes(lpar=(), rpar=(), comparisons=[target.with_changes(comparator=values)])
    space = cst.SimpleWhitespace(" ")
    negated = isinstance(target.operator, cst.NotIn)
    operator = cst.And(space, space) if negated else cst.Or(space, space)
    either = cst.BooleanOperation(test.with_changes(lpar=(), rpar=()), operator, second)
    return either if whole else either.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
