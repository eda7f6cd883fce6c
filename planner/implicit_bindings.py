"""Plan-time finding of submodules a package's ``__init__`` uses by the name an import bound implicitly.

Importing ``pkg.functoolz`` (``from .functoolz import *`` in ``pkg/__init__.py``) sets the attribute
``functoolz`` on ``pkg``, a global of its ``__init__``: ``functoolz._sigs.create()`` then works there
without any import naming ``functoolz``. No import statement refers to that use, so neither the import
graph nor Rope sees it; after the rename it raises ``NameError`` when the package is imported. Each such
use is a reference of kind ``implicit-submodule`` (action ``rewrite``: codemods/implicit_submodules.py
gives it the new name, which the rewritten import binds the same way).

Only package ``__init__`` files whose facts show a ``from .sub import ...`` of a submodule they never
bind explicitly are read and parsed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from planner.discover import ModuleFile
from planner.graph import RepoScan
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.references import Reference

__all__ = ["find_implicit", "implicit_candidates"]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def implicit_candidates(module: ModuleFile, scan: RepoScan) -> dict[str, str]:
    """Submodule names the ``__init__`` imports from without binding them itself: name -> module.

    ``from .sub import x`` binds ``sub`` on the package as a side effect, and so does ``from . import sub
    as _sub`` (isort's ``stdlibs``: ``from . import all as _all`` leaves ``stdlibs.all``), and so does any
    import of a submodule while the package is imported (asttokens' ``__init__`` imports ``.asttokens``,
    which imports ``.util``: ``asttokens.util`` works after ``import asttokens``).
    """
    facts = scan.facts.get(module.path)
    if facts is None or facts.syntax_error:
        return {}
    prefix = module.name + "."
    found: dict[str, str] = {}
    bound: set[str] = set()
    for imp in facts.imports:
        if imp.form in ("import", "import-as"):
            bound.add(imp.alias or imp.module.partition(".")[0])
            continue
        if imp.form in ("from", "from-as") and imp.name is not None:
            bound.add(imp.alias or imp.name)
        base = imp.resolve_base(module.name)
        if imp.form == "from-as" and base == module.name and imp.name is not None and imp.alias != imp.name:
            if prefix + imp.name in scan.modules:
                found[imp.name] = prefix + imp.name
        elif base is not None and base.startswith(prefix):
            sub = base[len(prefix) :].partition(".")[0]
            if prefix + sub in scan.modules:
                found[sub] = prefix + sub
    for loaded in _loaded_with(module.name, scan):
        sub = loaded[len(prefix) :].partition(".")[0]
        found.setdefault(sub, prefix + sub)
    # a name the package binds to another object (``from .disp import *`` giving ``disp`` the function
    # of ``disp``'s ``__all__``) is that object after the import, not the submodule
    return {name: target for name, target in found.items() if name not in bound and target not in scan.shadowed}


def _loaded_with(package: str, scan: RepoScan) -> set[str]:
    """The modules below ``package`` that importing it imports: its ``__init__``'s module-level imports
    and theirs, at run time (not lazily in a function, not only for type checkers, not optional)."""
    prefix = package + "."
    seen: set[str] = set()
    todo = [package]
    while todo:
        for imported, records in scan.imports.get(todo.pop(), {}).items():
            eager = any(not (r.get("lazy") or r.get("type_checking") or r.get("optional")) for r in records)
            if eager and imported.startswith(prefix) and imported not in seen and imported in scan.modules:
                seen.add(imported)
                todo.append(imported)
    return seen


def _stores(node: ast.AST) -> set[str]:
    """Names bound inside ``node``: assignments, parameters, definitions, imports, ``global`` aside."""
    names: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
            names.add(child.id)
        elif isinstance(child, ast.arg):
            names.add(child.arg)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child is not node:
            names.add(child.name)
        elif isinstance(child, ast.alias):
            names.add(child.asname or child.name.partition(".")[0])
    return names


def _uses(tree: ast.Module, names: dict[str, str]) -> list[tuple[int, str]]:
    """(line, name) of each read of ``names`` that no enclosing scope binds."""
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    statements = [s for s in tree.body if not isinstance(s, definitions)]
    module_level = _stores(ast.Module(body=statements, type_ignores=[]))
    module_level |= {s.name for s in tree.body if isinstance(s, definitions)}
    wanted = {n for n in names if n not in module_level}
    found: list[tuple[int, str]] = []

    def walk(node: ast.AST, local: frozenset[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _FUNCTIONS):
                walk(child, local | _stores(child))
            elif isinstance(child, ast.ClassDef):
                walk(child, local | {s for s in _stores(child) if s != child.name})
            else:
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id in wanted:
                    if child.id not in local:
                        found.append((child.lineno, child.id))
                walk(child, local)

    walk(tree, frozenset())
    return found


def find_implicit(root: Path, scan: RepoScan) -> list[Reference]:
    """Every use of a submodule by its implicitly bound name in a package ``__init__`` of the checkout.

    Returns:
        References of kind ``implicit-submodule``, sorted.
    """
    references: list[Reference] = []
    for module in scan.modules.values():
        if not module.is_package:
            continue
        names = implicit_candidates(module, scan)
        if not names:
            continue
        try:
            with open(os.path.join(root, module.path), "rb") as handle:
                raw = handle.read()
        except OSError:
            continue
        if not any(name.encode() + b"." in raw for name in names):
            continue
        try:
            with deep_walk():
                tree = parse_python(raw, module.path)
                uses = _uses(tree, names)
        except Unparsable:
            continue
        for line, name in uses:
            references.append(Reference(module.path, line, "implicit-submodule", name, names[name]))
    return sorted(set(references), key=lambda r: (r.path, r.line, r.text))
