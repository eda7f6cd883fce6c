"""The entries a module-level ``__all__.append("x")`` / ``.extend([...])`` / ``.insert(i, "x")`` adds to ``__all__``.

``__all__ = [...]`` and ``__all__ += [...]`` are assignments, read where assignments are; a method call on ``__all__``
adds entries just as well (``from pkg import *`` binds each), so the facts (planner/statement_facts.py) and the star
export reading (planner/star_exports.py) ask this one function of the same statement.
"""

from __future__ import annotations

import ast

__all__ = ["ALL_METHODS", "added_by_call"]

#: ``list`` methods that add entries, and which positional argument holds them (``extend``'s is an iterable).
ALL_METHODS = {"append": 0, "extend": 0, "insert": 1}


def added_by_call(statement: ast.stmt) -> list[ast.expr] | None:
    """The expressions ``statement`` adds to ``__all__`` if it is a call ``__all__.append/extend/insert(...)``: an
    ``extend``'s list, tuple or set literal gives its elements, anything else itself (a computed entry); else None."""
    if not isinstance(statement, ast.Expr) or not isinstance(call := statement.value, ast.Call):
        return None
    method = call.func
    if not (isinstance(method, ast.Attribute) and isinstance(method.value, ast.Name) and method.value.id == "__all__"):
        return None
    index = ALL_METHODS.get(method.attr)
    if index is None or call.keywords or len(call.args) != index + 1 or isinstance(call.args[index], ast.Starred):
        return None
    value = call.args[index]
    if method.attr == "extend" and isinstance(value, ast.List | ast.Tuple | ast.Set):
        return list(value.elts)
    return [value]
