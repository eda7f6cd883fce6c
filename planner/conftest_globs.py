"""pytest's ``collect_ignore_glob`` in a ``conftest.py`` names renamed files by a glob (issue 13).

A conftest keeps a module out of collection with ``collect_ignore_glob = ["pkg/win_*.py"]`` or ``["*/win_reg.py"]``
(a module that raises ``ImportError`` off Windows, under ``--doctest-modules``). pytest joins each glob to the
conftest's directory and matches it with ``fnmatch`` against the collected file's path. Renamed, the file
``pkg/WF1_..._win_reg.py`` no longer matched, pytest collected it, and its one collection error interrupted the
whole run. The same globs in ``--ignore-glob`` of a pytest configuration file are ``pytest:glob`` references
(planner/file_references.py); here they are read from the conftest's Python list, with the same rules
(planner/tool_globs.py): a glob naming the file by its literal name gets the new name in its last part
(``*/WF1_..._win_reg.py``) where no other file of the checkout has that name; a glob over the start of file names is
opened with ``*`` (``pkg/*win_*.py``) unless that would match a file it did not (a ``wide-glob`` for a person).
Both the plan (:func:`conftest_glob_references`) and apply (codemods/conftest_globs.py) ask :func:`moved_glob`.
"""

from __future__ import annotations

import ast
import os
import posixpath
from collections.abc import Collection, Iterable, Mapping

from planner.graph import RepoScan
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.references import Reference
from planner.tool_globs import glob_matches, glob_tail, glob_widened, glob_widens

__all__ = ["KIND", "conftest_glob_references", "conftest_globs", "ignore_globs", "moved_glob", "rooted_glob"]

#: The reference kind of a ``collect_ignore_glob`` entry naming a renamed file (its action: ``rewrite``).
KIND = "conftest:glob"
_NAME = "collect_ignore_glob"


def ignore_globs(tree: ast.Module) -> list[ast.Constant]:
    """The string constants a module assigns or adds to ``collect_ignore_glob`` (``=``, ``+=``, ``.append``,
    ``.extend``, a list, tuple or ``+`` of them)."""
    values: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == _NAME for t in targets):
                values.append(node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == _NAME
        ):
            values.extend(node.args)
    found: list[ast.Constant] = []
    for value in values:
        found.extend(e for e in _entries(value) if any(c in str(e.value) for c in "*?["))
    return found


def _entries(value: ast.expr) -> list[ast.Constant]:
    """The string constants that are whole entries of ``value``: itself, a list, tuple or set's elements, either side
    of a ``+`` of such (``"*" * 60 + "m1.py"`` is a computed entry: no part of it is a glob pytest reads)."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value]
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        return [e for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        sides = (value.left, value.right)
        if all(isinstance(side, ast.List | ast.Tuple | ast.BinOp) for side in sides):
            return [*_entries(value.left), *_entries(value.right)]
    return []


def rooted_glob(conftest: str, glob: str) -> str:
    """The glob as pytest matches it, from the repository's root (``/`` anchoring it there)."""
    base = posixpath.dirname(conftest)
    return glob if glob.startswith("/") else "/" + (f"{base}/" if base else "") + glob


def moved_glob(glob: str, old: str, new: str, listed: Collection[str]) -> tuple[str | None, str]:
    """``(glob naming new, "")`` where the rooted ``glob`` matched ``old`` but not ``new``; ``(None, why)`` when it
    cannot be rewritten (another file shares the name, or opened it would match more); ``(None, "")`` when it needs
    no change."""
    if not glob_matches(old, glob) or glob_matches(new, glob):
        return None, ""
    name = old.rpartition("/")[2]
    unique = sum(1 for path in listed if path.rpartition("/")[2] == name) <= 1
    moved = glob_tail(glob, old, new) if unique else None
    if moved is not None:
        return moved, ""
    widened = glob_widened(glob, old, new)
    wider = glob_widens(glob, listed) if widened is not None else []
    if widened is None or wider:
        more = f" (opened as {widened!r} it would match {wider[0]})" if wider else ""
        return None, f"glob {glob!r} matched {old} but not {new}{more}"
    return widened, ""


def conftest_glob_references(
    path: str, tree: ast.Module, by_path: Mapping[str, str], listed: Iterable[str]
) -> list[Reference]:
    """A ``conftest:glob`` (``wide-glob`` where it cannot be opened) for each module file a glob of ``path``'s
    ``collect_ignore_glob`` matches."""
    files = tuple(listed)
    found = []
    for node in ignore_globs(tree):
        glob = rooted_glob(path, str(node.value))
        for file, module in by_path.items():
            if not glob_matches(file, glob):
                continue
            new = posixpath.join(posixpath.dirname(file), "WF_" + posixpath.basename(file))  # any other name
            moved, why = moved_glob(glob, file, new, files)
            kind = KIND if moved is not None or not why else "wide-glob"
            found.append(Reference(path, node.lineno, kind, str(node.value), module))
    return found


def conftest_globs(base: str, scan: RepoScan, named: Mapping[str, str]) -> list[Reference]:
    """The renamed files a ``conftest.py``'s ``collect_ignore_glob`` matches (planner/conftest_globs.py)."""
    found: list[Reference] = []
    modules = {m.path: m.name for m in scan.modules.values()}
    for path in named:
        if path.rpartition("/")[2] != "conftest.py":
            continue
        try:
            with open(os.path.join(base, path), "rb") as handle:
                raw = handle.read()
            if b"collect_ignore_glob" in raw:
                with deep_walk():
                    found += conftest_glob_references(path, parse_python(raw, path), modules, named)
        except (OSError, Unparsable):
            continue  # read_facts lists the files that cannot be read
    return found
