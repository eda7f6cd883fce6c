"""Lazy tables a package's PEP 562 ``__getattr__`` reads from another module of the package (issue 13, class 1).

A package may keep its table of submodules in a sibling module::

    # pkg/_lazy.py
    SUBMODULES = {"converters", "validators"}

    # pkg/__init__.py
    from ._lazy import SUBMODULES          # or: from pkg import _lazy / import pkg._lazy as t, then t.SUBMODULES

    def __getattr__(name):
        if name in SUBMODULES:
            return importlib.import_module("." + name, __name__)

Rope writes ``pkg.WF1_..._converters`` in the importers, which that table refused (``AttributeError``). The rewrite of
a package ``__init__`` (codemods/package_init_refs.py) widens its own tables; a table held in another file is widened
there, with the same rule: :func:`held_tables` reads the ``__init__`` (plain ``ast``) and names, for each module of
the package, its tables the loader reads; codemods/refs.py hands them to that module's rewrite. A table the
``__init__`` also reads outside the loader (``__all__ = sorted(SUBMODULES)``, a ``__dir__``) is the package's public
names and is left as it is: the old names reach the renamed modules through the shims at their old paths.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from typing import Protocol

from codemods.cst_source import source_codec, source_text
from codemods.workspace import Workspace
from planner.constant_names import bound_once, string_constants
from planner.python_source import Unparsable, dotted_name, parse_python

__all__ = ["held_tables", "holders_of_tables"]


class _Names(Protocol):
    def name(self, path: str) -> str: ...


_ITERATED = frozenset({"keys", "values", "items"})


def _loader_functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """``__getattr__`` and the module-level functions it calls by name, transitively."""
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    pending = ["__getattr__"]
    while pending:
        name = pending.pop()
        if name in found or name not in functions:
            continue
        found[name] = functions[name]
        pending += [dotted_name(n.func) for n in ast.walk(functions[name]) if isinstance(n, ast.Call)]
    return list(found.values())


def _table(node: ast.AST) -> str:
    """The dotted name ``node`` reads a table by: ``T``, ``t.T``, or ``T.keys()``/``T.values()``/``T.items()``'s."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _ITERATED:
        node = node.func.value
    return dotted_name(node)


def _reads(function: ast.AST) -> set[str]:
    """The dotted names ``function`` reads as tables: ``name in T``, ``T[name]``, ``T.get(name)``, ``for x in T``."""
    found: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Compare):
            found.update(_table(c) for o, c in zip(node.ops, node.comparators) if isinstance(o, (ast.In, ast.NotIn)))
        elif isinstance(node, ast.Subscript):
            found.add(dotted_name(node.value))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            found.add(dotted_name(node.func.value))
        elif isinstance(node, (ast.For, ast.comprehension)):
            found.add(_table(node.iter))
    found.discard("")
    return found


def _bindings(tree: ast.Module, package: str) -> dict[str, str]:
    """Module-level import spelling -> what it binds, absolute: ``SUBS`` -> ``pkg._lazy.SUBS`` (a name, or a module
    of the package), ``t`` -> ``pkg._lazy``; ``import pkg._lazy`` is read as ``pkg._lazy.SUBS``."""
    found: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            parts = package.split(".")
            if statement.level - 1 >= len(parts):
                continue
            head = ".".join(parts[: len(parts) - (statement.level - 1)]) if statement.level else ""
            source = ".".join(p for p in (head, statement.module or "") if p)
            for alias in statement.names:
                found[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                found[alias.asname or alias.name] = alias.name
    return found


def held_tables(
    source: str, package: str, *, shown: bool = False, elsewhere: Collection[str] = ()
) -> dict[str, set[str]]:
    """The tables the ``__getattr__`` of ``package`` (``source``: its ``__init__``) reads from its own modules, read
    nowhere else in it: module below ``package`` -> the names of its module-level tables. With ``shown``, those read
    elsewhere in it too (the package's names: ``__all__ = sorted(SUBS)``), bound by name (``from ._lazy import
    SUBS``): the spelling -> ``{"module.TABLE"}``, and so are those ``elsewhere`` names (``module.TABLE``: read by
    another file too). Empty when the source does not parse or has no ``__getattr__``."""
    try:
        tree = parse_python(source.encode("utf-8", "surrogateescape"), "__init__.py")
    except Unparsable:
        return {}
    functions = _loader_functions(tree)
    if not functions:
        return {}
    bindings = _bindings(tree, package)
    read = {name for function in functions for name in _reads(function)}
    inside = [n for function in functions for n in ast.walk(function)]
    found: dict[str, set[str]] = {}
    for spelled in sorted(read):
        head, _, table = spelled.rpartition(".")
        bound = bindings.get(head) if head else bindings.get(table)
        if bound is None:
            continue
        module, table = (bound, table) if head else bound.rpartition(".")[::2]
        if not module.startswith(package + "."):
            continue
        everywhere = sum(dotted_name(n) == spelled for n in ast.walk(tree) if isinstance(n, (ast.Name, ast.Attribute)))
        only = everywhere == sum(dotted_name(n) == spelled for n in inside if isinstance(n, (ast.Name, ast.Attribute)))
        if only and not shown:
            found.setdefault(module, set()).add(table)
        elif shown and not head and (not only or f"{module}.{table}" in elsewhere):
            found[spelled] = {f"{module}.{table}"}
    return found


def _holder(workspace: Workspace, folder: str, package: str, module: str) -> str:
    """The path of ``module``, below ``package`` whose ``__init__`` is in ``folder``; "" when the workspace has none."""
    below = module[len(package) + 1 :].replace(".", "/")
    return next((f for f in (f"{folder}/{below}.py", f"{folder}/{below}/__init__.py") if workspace.exists(f)), "")


def _names_of(workspace: Workspace, holder: str, table: str) -> tuple[str, ...]:
    """The string constants of the set, list or tuple ``holder`` binds once to ``table`` at module level; () else."""
    try:
        tree = parse_python(workspace.read_bytes(holder), holder)
    except Unparsable:
        return ()
    value = bound_once(tree).get(table)
    if value is None or isinstance(value, ast.Dict):  # a dict is looked up by its keys: the shims serve it
        return ()
    return tuple(string_constants(value, {}) or ())


def holders_of_tables(
    workspace: Workspace,
    work: list[tuple[str, str, str, str | None]],
    modules: _Names,
    parents: Collection[str],
    inits: Collection[str],
) -> tuple[dict[str, tuple[str, frozenset[str]]], dict[str, dict[str, tuple[str, ...]]]]:
    """The modules holding a lazy table the ``__init__`` of a renamed module's package reads (``inits``: the renamed
    files' packages' ``__init__.py``): their path -> (the package, the tables' names), widened there; and each
    ``__init__`` that also shows such a table as its names -> {its spelling: the table's names}, whose loader test
    answers the new names too (codemods/shown_tables.py). A file the candidates left out joins ``work``."""
    found: dict[str, tuple[str, frozenset[str]]] = {}
    shown: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in sorted(inits):
        package = modules.name(path) if workspace.exists(path) else ""
        data = workspace.read_bytes(path) if package and package in parents else b""
        if b"__getattr__" not in data:
            continue
        text = source_text(data, source_codec(data))
        folder = path.rpartition("/")[0]
        elsewhere: set[str] = set()  #: ``module.TABLE`` another file reads too: kept, its test answers the new names
        held: dict[str, tuple[str, set[str]]] = {}  #: holder -> (its module, the tables widened there)
        for module, tables in held_tables(text, package).items():
            holder = _holder(workspace, folder, package, module)
            sole = _read_only_here(workspace, tables, module, {holder, path}) if holder else set()
            elsewhere.update(f"{module}.{table}" for table in set(tables) - sole)
            if holder:
                held[holder] = (module, sole)
        kept: set[str] = set()  #: ``module.TABLE`` whose ``__getattr__`` test answers the new names instead
        for spelled, [where] in held_tables(text, package, shown=True, elsewhere=elsewhere).items():
            module, _, table = where.rpartition(".")
            holder = _holder(workspace, folder, package, module)
            names = _names_of(workspace, holder, table) if holder else ()
            if names:
                shown.setdefault(path, {})[spelled] = names
                _join(workspace, work, modules, path)
                kept.add(where)
        # a table read elsewhere whose test cannot answer the new names (``t.TABLE``, a dict) is widened, as before:
        # without the new names ``pkg.WF1_..._mod`` (Rope's spelling) raises ``AttributeError``
        for holder, (module, sole) in held.items():
            widened = sole | {w.rpartition(".")[2] for w in elsewhere - kept if w.rpartition(".")[0] == module}
            if widened:
                found[holder] = (package, frozenset(widened))
                _join(workspace, work, modules, holder)
    return found, shown


def _read_only_here(workspace: Workspace, tables: Collection[str], module: str, here: Collection[str]) -> set[str]:
    """The ``tables`` of ``module`` that no Python file of the checkout but ``here`` (their holder and the loader's
    ``__init__``) may read: one holding the table's name and the holder's base name (``from pkg._lazy import
    SUBMODULES``, ``_lazy.SUBMODULES``). Another reader (a CLI listing the names, ``len(SUBMODULES)`` in a test)
    would see the new names beside the old ones (review40's R6): such a table is kept as written, as one the
    ``__init__`` shows as its names, and the test in ``__getattr__`` answers the new names (codemods/shown_tables.py);
    the old names reach the renamed modules through the shims at their old paths."""
    base = module.rpartition(".")[2]
    found = workspace.files_with_words([*tables, base])
    holding = found.get(base, set())
    return {table for table in tables if not (found.get(table, set()) & holding) - set(here)}


def _join(workspace: Workspace, work: list[tuple[str, str, str, str | None]], modules: _Names, path: str) -> None:
    if all(p != path for _, p, _, _ in work):
        data = workspace.read_bytes(path)
        work.append(("py", path, source_text(data, source_codec(data)), modules.name(path)))
