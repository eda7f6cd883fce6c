"""Module paths joined from the fields of a table's rows (issue 13, breaker d26): ``pkgname, mod = BACKENDS[k]``
(``BACKENDS = {"mem": ("pkg.backends", "mem")}``, in this file or imported from another module of the checkout),
``for pkgname, mod in ROWS:`` or ``for pkgname, mod in T.values():``, then ``import_module(pkgname + "." + mod)``
or ``f"{pkgname}.{mod}"``: each row gives one whole path, ``pkg.backends.mem``. Read by planner/dynamic_imports.py;
plain ``ast``, no side effects."""

from __future__ import annotations

import ast
from collections.abc import Container, Mapping

from planner.constant_names import enclosing_scope
from planner.python_source import dotted_name

__all__ = ["record_paths"]


def _pieces(node: ast.AST) -> list[ast.AST] | None:
    """The parts ``node`` concatenates (``a + "." + b``, ``f"{a}.{b}"``): string literals and names; else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr):
        parts: list[ast.AST] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.conversion != -1 or value.format_spec is not None:
                    return None
                value = value.value  # noqa: PLW2901
            parts.append(value)
        return parts if all(_pieces(p) is not None for p in parts) else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    return [node] if isinstance(node, ast.Name) else None


def _rows(source: ast.AST, values: Mapping[str, ast.AST], *, looked_up: bool) -> list[ast.AST] | None:
    """The rows of the table ``source`` names: a dict's values when ``looked_up`` (``T[k]``, ``T.get(k)``) or
    iterated as ``T.values()``; a list/tuple/set's elements when iterated."""
    method = ""
    if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and not source.args:
        method, source = source.func.attr, source.func.value
    table = values.get(dotted_name(source)) if isinstance(source, (ast.Name, ast.Attribute)) else None
    if looked_up or method == "values":
        return list(table.values) if isinstance(table, ast.Dict) else None
    return list(table.elts) if isinstance(table, (ast.List, ast.Tuple, ast.Set)) and not method else None


def _bindings(scope: ast.AST, names: set[str], values: Mapping[str, ast.AST]) -> list[tuple[list[str], list[ast.AST]]]:
    """The unpackings in ``scope`` that bind every one of ``names`` from a table's rows: (targets, rows)."""
    found = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(value, ast.Subscript):
                source: ast.AST | None = value.value
            elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "get":
                source = value.func.value
            else:
                continue
            looked_up = True
        elif isinstance(node, (ast.For, ast.comprehension)):
            target, source, looked_up = node.target, node.iter, False
        else:
            continue
        if not isinstance(target, (ast.Tuple, ast.List)):
            continue
        spelled = [dotted_name(e) if isinstance(e, ast.Name) else "" for e in target.elts]
        if names <= set(spelled) and source is not None:
            rows = _rows(source, values, looked_up=looked_up)
            if rows is not None:
                found.append((spelled, rows))
    return found


def record_paths(
    arg: ast.AST,
    call: ast.Call,
    parents: Mapping[int, ast.AST],
    values: Mapping[str, ast.AST],
    modules: Container[str],
) -> list[str] | None:
    """The modules of ``modules`` that ``arg`` (names joined with literals) can be at ``call``, each name a field of
    the same row of one literal table (a row naming no module of the checkout reaches none of it); None when the
    names are not all bound so (once each, in the call's function or module)."""
    pieces = _pieces(arg) if not isinstance(arg, ast.Name) else None  # a bare name: planner/constant_names.py
    names = {p.id for p in pieces or [] if isinstance(p, ast.Name)}
    if pieces is None or not names:
        return None
    scope = enclosing_scope(call, parents)
    if scope is None:
        return None
    stores = [n.id for n in ast.walk(scope) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    bindings = _bindings(scope, names, values)
    if len(bindings) != 1 or any(stores.count(name) != 1 for name in names):
        return None
    spelled, rows = bindings[0]
    paths = []
    for row in rows:
        fields = row.elts if isinstance(row, (ast.Tuple, ast.List)) else []
        texts = [f.value for f in fields if isinstance(f, ast.Constant) and isinstance(f.value, str)]
        if len(texts) != len(spelled) or len(fields) != len(spelled):
            return None
        field = dict(zip(spelled, texts))
        paths.append("".join(field[p.id] if isinstance(p, ast.Name) else str(getattr(p, "value", "")) for p in pieces))
    return sorted({path for path in paths if path in modules})
