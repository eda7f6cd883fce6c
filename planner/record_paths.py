"""Module paths joined from the fields of a table's rows (issue 13, breaker d26): ``pkgname, mod = BACKENDS[k]``
(``BACKENDS = {"mem": ("pkg.backends", "mem")}``, in this file or imported from another module of the checkout),
``for pkgname, mod in ROWS:`` or ``for pkgname, mod in T.values():``, then ``import_module(pkgname + "." + mod)``
or ``f"{pkgname}.{mod}"``: each row gives one whole path, ``pkg.backends.mem``. Read by planner/dynamic_imports.py;
plain ``ast``, no side effects. The same rows read as ``getattr(import_module(pkgname), mod)`` name the submodule by
its attribute name (:func:`row_attributes`): the plan lists each row's string and apply (codemods/string_rewriter.py,
by :func:`row_attributes_at`) gives it the new name."""

from __future__ import annotations

import ast
from collections.abc import Container, Mapping

from planner.constant_names import enclosing_scope
from planner.py_modules import string_positions
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python, walk_once

__all__ = ["module_values", "record_paths", "row_attributes", "row_attributes_at", "row_fields"]

_ATTRIBUTE_GETTERS = frozenset({"getattr", "hasattr"})
_IMPORT_MODULE = frozenset({"import_module", "importlib.import_module"})


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


def row_fields(
    call: ast.AST, names: set[str], parents: Mapping[int, ast.AST], values: Mapping[str, ast.AST]
) -> list[dict[str, ast.Constant]] | None:
    """Each row of the one literal table whose unpacking binds all of ``names`` (once each, in ``call``'s function or
    module): its string fields by the names bound to them; None when they are not all bound so."""
    scope = enclosing_scope(call, parents)
    if scope is None:
        return None
    stores = [n.id for n in ast.walk(scope) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    bindings = _bindings(scope, names, values)
    if len(bindings) != 1 or any(stores.count(name) != 1 for name in names):
        return None
    spelled, rows = bindings[0]
    found = []
    for row in rows:
        fields = row.elts if isinstance(row, (ast.Tuple, ast.List)) else []
        texts = [f for f in fields if isinstance(f, ast.Constant) and isinstance(f.value, str)]
        if len(texts) != len(spelled) or len(fields) != len(spelled):
            return None
        found.append(dict(zip(spelled, texts)))
    return found


def record_paths(
    arg: ast.AST,
    call: ast.Call,
    parents: Mapping[int, ast.AST],
    values: Mapping[str, ast.AST],
    modules: Container[str],
    *,
    bare: bool = False,
) -> list[str] | None:
    """The modules of ``modules`` that ``arg`` (names joined with literals) can be at ``call``, each name a field of
    the same row of one literal table (a row naming no module of the checkout reaches none of it); None when the
    names are not all bound so (once each, in the call's function or module). A bare name (``import_module(p)``) is
    read when ``bare``: planner/constant_names.py asks it first."""
    pieces = _pieces(arg) if bare or not isinstance(arg, ast.Name) else None
    names = {p.id for p in pieces or [] if isinstance(p, ast.Name)}
    rows = row_fields(call, names, parents, values) if pieces is not None and names else None
    if pieces is None or rows is None:
        return None
    paths = [
        "".join(str(row[p.id].value) if isinstance(p, ast.Name) else str(getattr(p, "value", "")) for p in pieces)
        for row in rows
    ]
    return sorted({path for path in paths if path in modules})


def row_attributes(
    call: ast.Call, parents: Mapping[int, ast.AST], values: Mapping[str, ast.AST]
) -> list[tuple[ast.Constant, str]]:
    """``getattr(import_module(p), a)`` (``hasattr``; a default after) with ``p`` and ``a`` fields of the same row of
    a literal table (``for p, a in MODS``, ``MODS = [("pkg.sub", "mod")]``): each row's attribute string and the
    package its owner field names. The attribute is the submodule ``pkg.sub.mod`` once imported, which a rename binds
    by its new name only: the plan lists the string and apply rewrites it (``getattr``, as for
    ``getattr(import_module("pkg.sub"), "mod")``: planner/attribute_strings.py)."""
    if dotted_name(call.func) not in _ATTRIBUTE_GETTERS or len(call.args) < 2 or call.keywords:
        return []
    owner, attribute = call.args[0], call.args[1]
    if (
        not isinstance(attribute, ast.Name)
        or not isinstance(owner, ast.Call)
        or dotted_name(owner.func) not in _IMPORT_MODULE
        or len(owner.args) != 1
        or owner.keywords
        or not isinstance(owner.args[0], ast.Name)
    ):
        return []
    package, name = owner.args[0].id, attribute.id
    rows = row_fields(call, {package, name}, parents, values) if package != name else None
    found = [(row[name], str(row[package].value)) for row in rows or []]
    scope = enclosing_scope(call, parents) if found else None
    if scope is not None:  # ``if a == "mod":`` in the same scope: the same name, which must follow the row
        packages = {str(string.value): package for string, package in found}
        found += [(s, packages[s.value]) for s in _compared_with(scope, name) if s.value in packages]
    return found


def _compared_with(scope: ast.AST, name: str) -> list[ast.Constant]:
    """The strings ``scope`` compares with the name ``name``: ``name == "mod"``, ``"mod" != name``, ``name in ("mod",
    "x")`` (``not in`` too), ``match name: case "mod":``."""
    found: list[ast.Constant] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if not any(isinstance(o, ast.Name) and o.id == name for o in operands):
                continue
            if not all(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in node.ops):
                continue
            for operand in operands:
                elements = operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else [operand]
                found += [e for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif isinstance(node, ast.Match) and isinstance(node.subject, ast.Name) and node.subject.id == name:
            for case in node.cases:
                patterns = case.pattern.patterns if isinstance(case.pattern, ast.MatchOr) else [case.pattern]
                found += [
                    p.value
                    for p in patterns
                    if isinstance(p, ast.MatchValue)
                    and isinstance(p.value, ast.Constant)
                    and isinstance(p.value.value, str)
                ]
    return found


def module_values(tree: ast.Module) -> dict[str, ast.AST]:
    """The values of the names ``tree``'s module level assigns (its tables), as planner/file_finder.py reads them."""
    found: dict[str, ast.AST] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        found.update((target.id, value) for target in targets if isinstance(target, ast.Name))
    return found


def row_attributes_at(source: str) -> dict[tuple[int, int], str]:
    """:func:`row_attributes` of a file's ``source`` for apply: each attribute string's start (line, column in
    characters: libcst's) -> the package its row names; ``{}`` when the source holds no such call or does not parse."""
    if "import_module" not in source or ("getattr(" not in source and "hasattr(" not in source):
        return {}
    try:
        with deep_walk():
            tree = parse_python(source)
            nodes, parents = walk_once(tree)
    except Unparsable:
        return {}  # libcst's parse reports it
    values = module_values(tree)
    found: dict[tuple[int, int], str] = {}
    for node in nodes:
        if isinstance(node, ast.Call):
            for string, package in row_attributes(node, parents, values):
                found |= dict.fromkeys(string_positions(source, [string]), package)
    return found
