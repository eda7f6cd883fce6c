"""The names a test's parameter stands for at a computed import: pytest's tables (issue 13 class 1).

``@pytest.mark.parametrize("name", ["mathops", "textops"])`` on ``def test_loads(name)``, then
``import_module(f"pkg.{name}")``: the name is each row's value of that parameter (``pytest.param("x", id=...)``
too, a row ``("mathops", 1)`` of ``"name, other"`` by the parameter's position; ``ids=`` is not read). A fixture's
``@pytest.fixture(params=["mathops", "fastops"])`` serves each of its ``params`` as ``request.param``. The values
are then the import's candidates, like a loop over a literal tuple's (planner/constant_names.py): the plan lists
each as the module it names, and no other module of the package is kept alive for it. A row that is not a string
literal (a name, a call) leaves the parameter unknown: ``None``. Tables are read by planner/module_parts_flow.py.

Where the parameter's only use in the test is one string built on it, ``f"pkg.{name}"``, each row is a binding of
it (:func:`parametrized_bindings`) for planner/computed_paths.py's folding, as a loop's literal is for ``exec``: the
path is then exact and apply rewrites the row's literal (``"mathops"`` -> ``"WF1_..._mathops"``), no shim.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.module_parts_flow import parametrize_table, row_values
from planner.python_source import dotted_name

__all__ = ["parameter_values", "parametrized_bindings"]

_Function = ast.FunctionDef | ast.AsyncFunctionDef


def parameter_values(variable: ast.AST, call: ast.AST, parents: Mapping[int, ast.AST]) -> list[str] | None:
    """The string values pytest gives ``variable`` (a parameter of the test around ``call``, or a fixture's
    ``request.param``), or None when no literal table of strings says."""
    function = _enclosing(call, parents)
    if function is None:
        return None
    spelled = dotted_name(variable)
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    if isinstance(variable, ast.Name) and variable.id in names:
        return _parametrized(function, variable.id)
    owner, _, attribute = spelled.rpartition(".")
    if isinstance(variable, ast.Attribute) and attribute == "param" and owner in names:
        return _fixture_params(function)
    return None


def _enclosing(node: ast.AST, parents: Mapping[int, ast.AST]) -> _Function | None:
    current = parents.get(id(node))
    while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if isinstance(current, (ast.Lambda, ast.ClassDef, ast.Module)):
            return None
        current = parents.get(id(current))
    return current


def _strings(values: list[ast.expr]) -> list[str] | None:
    found = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return found if found and len(found) == len(values) else None


def _parametrized(function: _Function, name: str) -> list[str] | None:
    values: list[ast.expr] = []
    for decorator in function.decorator_list:
        table = parametrize_table(decorator)
        if table is None or name not in table[0]:
            continue
        names, rows = table
        for row in rows:
            row_value = row_values(row, len(names))
            if row_value is None:
                return None
            values.append(row_value[names.index(name)])
    return _strings(values)


def _fixture_params(function: _Function) -> list[str] | None:
    for decorator in function.decorator_list:
        if not isinstance(decorator, ast.Call) or dotted_name(decorator.func).rpartition(".")[2] != "fixture":
            continue
        for keyword in decorator.keywords:
            if keyword.arg == "params" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                rows = [row_values(row, 1) for row in keyword.value.elts]
                return _strings([v[0] for v in rows if v]) if all(rows) else None
    return None


def parametrized_bindings(node: ast.expr, parents: Mapping[int, ast.AST]) -> list[dict[str, ast.AST]]:
    """One binding of a test's parameter per ``parametrize`` row (its string literal) when ``node``, a string
    built on it, is its only use in the test; else one empty binding (the name stays unknown)."""
    function = _enclosing(node, parents)
    if function is None or not function.decorator_list:
        return [{}]
    inside = [n for n in ast.walk(node) if isinstance(n, ast.Name)]
    for decorator in function.decorator_list:
        table = parametrize_table(decorator)
        used = [name for name in table[0] if any(n.id == name for n in inside)] if table is not None else []
        if table is None or len(used) != 1:
            continue
        names, rows = table
        name = used[0]
        values = [row_values(row, len(names)) for row in rows]
        literals = [v[names.index(name)] for v in values if v is not None]
        if len(literals) != len(rows) or _strings(literals) is None:
            return [{}]
        uses = {id(n) for s in function.body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name}
        if uses != {id(n) for n in inside if n.id == name}:
            return [{}]
        return [{name: literal} for literal in literals]
    return [{}]
