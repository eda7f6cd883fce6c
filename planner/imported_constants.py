"""String constants a file imports by name from another module of the checkout (issue 13, review29 finding 6).

``from pkg.consts import PKG`` (``PKG = "pkg"`` in ``pkg/consts.py``), ``import pkg.consts as c`` or
``from pkg import consts as c`` then ``c.PKG``: the prefix of ``import_module(PKG + ".m1")`` is known. One level only: a module-level name bound once to a plain
string literal, or to a literal table of them (``BACKENDS = {"mem": ("pkg.backends", "mem")}``, whose rows
planner/record_paths.py joins; breaker d26), in that module, read from its file (each module read once per plan). The value is another file's
text: the importing file reads it, never rewrites it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from typing import Protocol

from planner.discover import ModuleFile
from planner.python_source import Unparsable, parse_python

__all__ = ["ConstantCache", "imported_constants"]

#: methods that change a dict, list or set in place
_CHANGES = frozenset(
    {"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove", "add", "discard"}
)
#: module name -> its module-level names bound once to a string literal or a literal table of strings
ConstantCache = dict[str, dict[str, ast.expr]]


class Reads(Protocol):
    """Told of each module asked about and of the bytes read from its file (planner/file_findings.py's ``ReadLog``)."""

    def ask(self, module: str) -> None: ...

    def read(self, module: str, raw: bytes | None) -> None: ...


def imported_constants(
    tree: ast.Module,
    package: str,
    modules: Mapping[str, ModuleFile],
    base: str,
    cache: ConstantCache,
    *,
    tables: bool = False,
    log: Reads | None = None,
) -> dict[str, ast.AST]:
    """Dotted names of ``tree`` (``PKG``, ``c.PKG``) -> a constant holding the string they are bound to in the
    checkout's module they are imported from; with ``tables``, also the literal tables of strings (for
    planner/record_paths.py only). ``package``: the file's package (for relative imports). ``log``: told of
    every module asked about and of the bytes read from its file."""
    found: dict[str, ast.AST] = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            source = _absolute(statement, package)
            for alias in statement.names:
                value = _constants(source, modules, base, cache, log).get(alias.name) if source else None
                if value is not None and (tables or isinstance(value, ast.Constant)):
                    found[alias.asname or alias.name] = value
                held = f"{source}.{alias.name}" if source else ""
                if held in modules:  # ``from pkg import _lazy``: a module, its constants read as ``_lazy.NAME``
                    for name, value in _constants(held, modules, base, cache, log).items():
                        if tables or isinstance(value, ast.Constant):
                            found[f"{alias.asname or alias.name}.{name}"] = value
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name not in modules:
                    continue
                spelled = alias.asname or alias.name
                for name, value in _constants(alias.name, modules, base, cache, log).items():
                    if tables or isinstance(value, ast.Constant):
                        found[f"{spelled}.{name}"] = value
    return found


def _absolute(statement: ast.ImportFrom, package: str) -> str:
    if not statement.level:
        return statement.module or ""
    parts = package.split(".") if package else []
    if statement.level - 1 > len(parts) or not parts:
        return ""
    head = ".".join(parts[: len(parts) - (statement.level - 1)])
    return f"{head}.{statement.module}" if statement.module else head


def _strings_only(node: ast.expr) -> bool:
    """Is ``node`` a string literal, or a literal table (dict, list, tuple, set) of them, rows nested?"""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Dict):
        return all(k is not None and _strings_only(k) for k in node.keys) and all(map(_strings_only, node.values))
    return isinstance(node, (ast.List, ast.Tuple, ast.Set)) and all(map(_strings_only, node.elts))


def _constants(
    module: str, modules: Mapping[str, ModuleFile], base: str, cache: ConstantCache, log: Reads | None
) -> dict[str, ast.expr]:
    if log is not None:
        log.ask(module)
    if module in cache:
        return cache[module]
    cache[module] = {}
    file = modules.get(module)
    if file is None:
        return {}
    try:
        with open(os.path.join(base, file.path), "rb") as handle:
            raw = handle.read()
    except OSError:
        if log is not None:
            log.read(module, None)
        return {}
    if log is not None:
        log.read(module, raw)
    try:
        tree = parse_python(raw, file.path)
    except Unparsable:
        return {}
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            counts[node.id] = counts.get(node.id, 0) + 1
        # a table the module changes (``T[k] = row``, ``T.update(...)``: a registry) holds more than its literal
        changed = isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del))
        changed = changed or isinstance(node, ast.Attribute) and node.attr in _CHANGES
        held = getattr(node, "value", None)
        if changed and isinstance(held, ast.Name):
            counts[held.id] = counts.get(held.id, 0) + 2
    values: dict[str, ast.expr] = {}
    for statement in tree.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) and len(statement.targets) == 1 else None
        target = statement.target if isinstance(statement, ast.AnnAssign) else target
        value = getattr(statement, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.expr) and _strings_only(value):
            if counts.get(target.id) == 1:
                values[target.id] = value
    cache[module] = values
    return values
