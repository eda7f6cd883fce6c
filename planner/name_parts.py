"""A module path's part spelled between two dots and read as data (issue 13, django-debug-toolbar 8.0.0).

django-debug-toolbar's ``Panel.enabled`` looks up ``panel_path.replace(".panel.", ".")``, where ``panel_path`` is a
helper's ``obj.__module__ + "." + qualname``: a setting may name ``debug_toolbar.panels.sql.SQLPanel`` for the class
of ``panels/sql/panel.py``. The name reaches the literal through another function, where planner/name_tails.py does
not follow it; renamed, the module's part no longer matches. A string literal ``".word."`` (a dotted name's part, dots
on both sides: no file suffix, no sentence) given to a string method (``replace``, ``split``, ``find``,
``startswith`` ...) or tested with ``in`` reads that part of dotted names, so each module of the checkout with the
part ``word`` below its top level keeps its name, listed under the plan's ``kept`` with the line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import FileFacts

__all__ = ["NAME_PART", "kept_by_name_part", "name_part_literals"]

#: Starts a ``bound_names`` key: ``name-part:WORD`` for a literal ``".WORD."`` read as data (:func:`name_part_literals`)
NAME_PART = "name-part:"
_PART = re.compile(r"\.([A-Za-z_]\w*)\.")
_SCREEN = re.compile(rb"""["']\.[A-Za-z_]\w*\.["']""")
#: ``str`` methods whose arguments are matched against the string's text
_METHODS = frozenset(
    "replace split rsplit partition rpartition find rfind index rindex count startswith endswith removeprefix "
    "removesuffix".split()
)


def _part(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        match = _PART.fullmatch(node.value)
        return match.group(1) if match else None
    return None


def name_part_literals(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``name-part:WORD`` -> line for each ``".WORD."`` literal given to a string method or tested with ``in``."""
    if _SCREEN.search(raw) is None:
        return {}
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        parts: list[ast.expr] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _METHODS:
            parts = [*node.args, *(k.value for k in node.keywords)]
            parts += node.args[0].elts if node.args and isinstance(node.args[0], ast.Tuple) else []
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            parts = [node.left]
        for part in parts:
            word = _part(part)
            if word is not None:
                found.setdefault(NAME_PART + word, part.lineno)
    return found


def kept_by_name_part(
    modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` with a part below its top level that a ``".part."`` literal
    of the checkout reads."""
    words: dict[str, tuple[str, int]] = {}
    for path, file_facts in sorted(facts.items()):
        for key, line in file_facts.bound_names.items():
            if key.startswith(NAME_PART):
                words.setdefault(key[len(NAME_PART) :], (path, line))
    found: dict[str, str] = {}
    for name in names if words else ():
        for part in name.split(".")[1:]:
            if part in words and name in modules:
                path, line = words[part]
                found[name] = f"{FOUND_BY_NAME}{path}:{line}, which reads the part `.{part}.` of dotted names"
                break
    return found
