"""The entries a module-level ``__all__.append("x")`` / ``.extend([...])`` / ``.insert(i, "x")`` adds to ``__all__``.

``__all__ = [...]`` and ``__all__ += [...]`` are assignments, read where assignments are; a method call on ``__all__``
adds entries just as well (``from pkg import *`` binds each), so the facts (planner/statement_facts.py) and the star
export reading (planner/star_exports.py) ask this one function of the same statement.
"""

from __future__ import annotations

import ast

from planner.python_source import dotted_name

__all__ = ["ALL_COPY", "ALL_METHODS", "added_by_call", "copied_alls"]

#: Starts a ``bound_names`` key: ``__all__:copy:NAME`` where ``__all__`` copies the ``__all__`` of the module a
#: module-level ``NAME`` (dotted: ``pkg.mod``) is bound to (:func:`copied_alls`; planner/resolve.py resolves it).
ALL_COPY = "__all__:copy:"
#: Calls that give the entries of the one iterable they take (``list(m.__all__)``)
_COPIES = frozenset({"list", "tuple", "set", "frozenset", "sorted"})

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


def copied_alls(value: ast.expr, depth: int = 0) -> tuple[list[ast.Constant], list[str]] | None:
    """An ``__all__`` value built of other modules' ``__all__`` and string constants: django-filter's
    ``__all__ = filters.__all__`` (``filters`` a module it imports), ``m.__all__ + ["x"]``, ``[*m.__all__, "x"]``,
    ``list(m.__all__)``. Gives its string constants and the dotted names whose ``__all__`` it copies (at least one);
    None for anything else (a name bound to a list, a comprehension, another call)."""
    if depth > 20:
        return None
    if isinstance(value, ast.Attribute) and value.attr == "__all__":
        owner = dotted_name(value.value)
        return ([], [owner]) if owner else None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value], []
    parts: list[ast.expr]
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        parts = [e.value if isinstance(e, ast.Starred) else e for e in value.elts]
        if any(not isinstance(e, ast.Starred) and not isinstance(e, ast.Constant) for e in value.elts):
            return None  # an element that is not a string: ``[m.__all__]`` is a list of lists
    elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add | ast.BitOr):
        parts = [value.left, value.right]
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _COPIES:
        if value.keywords or len(value.args) != 1:
            return None
        parts = [value.args[0]]
    else:
        return None
    constants: list[ast.Constant] = []
    owners: list[str] = []
    for part in parts:
        found = copied_alls(part, depth + 1)
        if found is None:
            return None
        constants += found[0]
        owners += found[1]
    return (constants, owners) if depth or owners else None
