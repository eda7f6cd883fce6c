"""String constants a file imports by name from another module of the checkout (issue 13, review29 finding 6).

``from pkg.consts import PKG`` (``PKG = "pkg"`` in ``pkg/consts.py``), ``import pkg.consts as c`` then ``c.PKG``:
the prefix of ``import_module(PKG + ".m1")`` is known. One level only: a module-level name bound once to a plain
string literal in that module, read from its file (each module read once per plan). The value is another file's
text: the importing file reads it, never rewrites it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping

from planner.discover import ModuleFile
from planner.python_source import Unparsable, parse_python

__all__ = ["ConstantCache", "imported_constants"]

#: module name -> its module-level names bound once to a string literal
ConstantCache = dict[str, dict[str, str]]


def imported_constants(
    tree: ast.Module, package: str, modules: Mapping[str, ModuleFile], base: str, cache: ConstantCache
) -> dict[str, ast.AST]:
    """Dotted names of ``tree`` (``PKG``, ``c.PKG``) -> a constant holding the string they are bound to in the
    checkout's module they are imported from. ``package``: the file's package (for relative imports)."""
    found: dict[str, ast.AST] = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            source = _absolute(statement, package)
            for alias in statement.names:
                value = _constants(source, modules, base, cache).get(alias.name) if source else None
                if value is not None:
                    found[alias.asname or alias.name] = ast.Constant(value)
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name not in modules:
                    continue
                spelled = alias.asname or alias.name
                for name, value in _constants(alias.name, modules, base, cache).items():
                    found[f"{spelled}.{name}"] = ast.Constant(value)
    return found


def _absolute(statement: ast.ImportFrom, package: str) -> str:
    if not statement.level:
        return statement.module or ""
    parts = package.split(".") if package else []
    if statement.level - 1 > len(parts) or not parts:
        return ""
    head = ".".join(parts[: len(parts) - (statement.level - 1)])
    return f"{head}.{statement.module}" if statement.module else head


def _constants(module: str, modules: Mapping[str, ModuleFile], base: str, cache: ConstantCache) -> dict[str, str]:
    if module in cache:
        return cache[module]
    cache[module] = {}
    file = modules.get(module)
    if file is None:
        return {}
    try:
        with open(os.path.join(base, file.path), "rb") as handle:
            tree = parse_python(handle.read(), file.path)
    except (OSError, Unparsable):
        return {}
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            counts[node.id] = counts.get(node.id, 0) + 1
    values: dict[str, str] = {}
    for statement in tree.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) and len(statement.targets) == 1 else None
        target = statement.target if isinstance(statement, ast.AnnAssign) else target
        value = getattr(statement, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
            if counts.get(target.id) == 1:
                values[target.id] = value.value
    cache[module] = values
    return values
