"""The modules of a class's subclasses, whose ``cls.__module__`` the class's methods read (review27 High #3).

``REGISTRY[cls.__module__.rpartition(".")[2]] = cls`` in ``Plugin.__init_subclass__`` reads the name of the
module of each subclass, not of ``Plugin``'s: renamed, ``pkg/plugins/csvfmt.py`` registers ``WF1_..._csvfmt``.
Each subclass found in the checkout (a class whose base is the class, imported or defined beside it, and their
subclasses in turn) keeps its module; a class whose base is spelled with the class's name but cannot be resolved
to it is a hazard (planner/name_tail_plan.py).
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable
from pathlib import Path

from planner.discover import ModuleFile
from planner.facts import absolute_import
from planner.module_refs import ModuleRefs
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python

__all__ = ["Subclass", "absolute_module", "subclasses"]

Subclass = tuple[ModuleFile, int, str, bool]  #: (file, line, class, resolved)


_Classes = dict[str, list[tuple[ModuleFile, ast.ClassDef, ModuleRefs]]]  #: a base's last name -> classes


def subclasses(
    root: Path, files: Iterable[ModuleFile], owner: ModuleFile, klass: str, index: dict[str, _Classes]
) -> list[Subclass]:
    """Each class of ``files`` that derives from ``owner``'s ``klass`` (``resolved``), or whose base is spelled
    ``klass`` but is not known to be it (not ``resolved``). ``index`` holds the checkout's classes once read."""
    if "" not in index:
        index[""] = _classes(root, files)
    return _walk(index[""], owner, klass)


def _classes(root: Path, files: Iterable[ModuleFile]) -> _Classes:
    classes: _Classes = {}
    for file in files:
        try:
            with open(os.path.join(root, file.path), "rb") as handle:
                raw = handle.read()
            if b"class " not in raw:
                continue
            with deep_walk():
                tree = parse_python(raw, file.path)
        except (OSError, Unparsable):
            continue
        refs: ModuleRefs | None = None
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.bases:
                refs = refs or ModuleRefs(tree)
                for base in node.bases:
                    classes.setdefault(dotted_name(base).rpartition(".")[2], []).append((file, node, refs))
    return classes


def _walk(classes: _Classes, owner: ModuleFile, klass: str) -> list[Subclass]:
    found: list[Subclass] = []
    todo, seen = [(owner.name, klass)], {(owner.name, klass)}
    while todo:
        module, name = todo.pop()
        for file, node, refs in classes.get(name, ()):
            resolved = any(_names(base, file, refs) == (module, name) for base in node.bases)
            if resolved and (file.name, node.name) not in seen:
                seen.add((file.name, node.name))
                todo.append((file.name, node.name))
            found.append((file, node.lineno, node.name, resolved))
    return _best(found)


def _best(found: list[Subclass]) -> list[Subclass]:
    """One row a class, resolved where any spelling of its bases resolved."""
    rows: dict[tuple[str, int], Subclass] = {}
    for row in found:
        key = (row[0].path, row[1])
        if key not in rows or row[3]:
            rows[key] = row
    return sorted(rows.values(), key=lambda r: (r[0].path, r[1]))


def _names(base: ast.expr, file: ModuleFile, refs: ModuleRefs) -> tuple[str, str] | None:
    """(module, class) a base names: a class of this file, ``from mod import K``, ``import mod`` then
    ``mod.K``."""
    dotted = dotted_name(base)
    head, _, last = dotted.rpartition(".")
    if not head:
        if dotted in refs.defined:
            return file.name, dotted
        imported = refs.imported.get(dotted, "")
        module, _, name = imported.rpartition(".")
        return (absolute_module(module, file), name) if module.strip(".") and dotted not in refs.plain else None
    root = head.partition(".")[0]
    if root in refs.plain:
        return head, last
    spelled = refs.imported.get(root)
    if spelled is None:
        return None
    return absolute_module(spelled + head[len(root) :], file), last


def absolute_module(ref: str, file: ModuleFile) -> str:
    """An import's path as written (``..mod.x``), made absolute from ``file``'s package; "" where it escapes the
    package's root. Shared with planner/name_tail_plan.py."""
    level = len(ref) - len(ref.lstrip("."))
    if not level:
        return ref
    return absolute_import(level, ref[level:].rstrip("."), file.package) or ""
