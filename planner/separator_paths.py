"""A module path spelled as a file path whose separators become dots (issue 13, breaker's g11).

``import_module(os.path.join("pkg", "sub", "third").replace(os.sep, "."))`` and
``import_module("pkg/sub/other".replace("/", "."))`` import ``pkg.sub.third`` and ``pkg.sub.other``: the parts are
constants, joined by a path separator that ``.replace`` turns into dots. Both readings of a built name (the
hazard's, planner/computed_names.py's ``name_parts``; the folded path's, planner/folded_strings.py's ``Folder``)
ask these functions, so the plan's reference and apply's rewrite of the literal holding the renamed segment are one
rule (planner/computed_paths.py). A separator is ``"/"``, ``os.sep`` or ``os.path.sep``: Guardian plans on POSIX,
where ``os.path.join`` writes ``"/"``; on Windows ``os.sep`` is what the join writes, so the text is the same.
"""

from __future__ import annotations

import ast

from planner.python_source import dotted_name

__all__ = ["SLASH", "path_join_items", "separator_replaced"]

#: The separator a path join writes, as the folded text holds it before ``.replace`` makes it a dot.
SLASH = "/"
_SEPARATORS = frozenset({"os.sep", "os.path.sep", "posixpath.sep"})
_JOINS = frozenset({"os.path.join", "posixpath.join"})


def _separator(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and node.value == SLASH) or dotted_name(node) in _SEPARATORS


def separator_replaced(node: ast.AST) -> ast.expr | None:
    """The string ``node`` turns a file path into a dotted one from: ``X`` of ``X.replace(os.sep, ".")`` or
    ``X.replace("/", ".")`` (two positional arguments, no count), else ``None``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace"):
        return None
    if node.keywords or len(node.args) != 2 or not _separator(node.args[0]):
        return None
    new = node.args[1]
    return node.func.value if isinstance(new, ast.Constant) and new.value == "." else None


def path_join_items(node: ast.AST) -> list[ast.expr] | None:
    """The items of ``os.path.join(a, b, ...)`` (two or more, positional, none starred), else ``None``: joined by
    :data:`SLASH` when none is absolute or ends with a separator (the caller checks the texts it folds)."""
    if not (isinstance(node, ast.Call) and dotted_name(node.func) in _JOINS) or node.keywords:
        return None
    if len(node.args) < 2 or any(isinstance(a, ast.Starred) for a in node.args):
        return None
    return list(node.args)
