"""A module's file name used as data at run time: ``Path(__file__).stem`` (issue 13).

The other face of a module's name read as data (planner/name_tails.py, which walks the file once for both): a
plugin that registers itself under ``Path(__file__).stem``, a data file found beside the module by its name
(``Path(__file__).with_suffix(".json")``: ``mod.json`` beside ``mod.py``, not found once the module is
``WF1_..._mod.py``). A read is ``.stem``, ``.name``, ``.with_suffix(...)`` of a path of the file,
``os.path.basename(F)``, ``os.path.splitext(F)[0]`` (``root, ext = ...``), ``inspect.getmodulename(F)``, a
subscript of the file's string (``__file__[:-3]``) or its ``.replace(".py", ...)``/``.removesuffix(...)``, where
``F`` is ``__file__`` (this module's file; ``__spec__.origin``), ``X.__file__`` (the module ``X`` holds;
``X.__spec__.origin``), ``sys.modules[__name__].__file__``, or these through ``Path(...)``, ``str(...)``, ``os.fspath``, ``os.path.abspath``/``realpath``/
``normpath``, ``.resolve()``/``.absolute()``, or a name assigned one. The directory (``.parent``,
``os.path.dirname``), the suffix and ``with_name``/``with_stem`` (a name the code spells) do not depend on the
module's name and keep nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.python_source import dotted_name

__all__ = ["FILE_SCREEN", "file_owner", "file_read", "needs_values"]

#: Words one of which a file that reads its file name holds besides ``__file__``.
FILE_SCREEN = (b".stem", b".name", b"with_suffix", b"basename", b"splitext", b"getmodulename", b"__file__[", b"fix(")
_NAME_ATTRIBUTES = ("stem", "name")
_PATHS = ("Path", "PurePath", "PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath")
_SAME_PATH = ("str", "fspath", "abspath", "realpath", "normpath", "normcase", *_PATHS)
_SAME_PATH_METHODS = ("resolve", "absolute", "expanduser")
_STRING_EDITS = ("replace", "removesuffix")


def file_read(node: ast.AST) -> ast.expr | None:
    """The path whose file name ``node`` reads, if it reads one (:func:`file_owner` says whose file it is)."""
    if isinstance(node, ast.Attribute) and node.attr in _NAME_ATTRIBUTES:
        return node.value
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if called in ("basename", "getmodulename"):
            return node.args[0]
        if isinstance(node.func, ast.Attribute) and called == "with_suffix":
            return node.func.value
        if isinstance(node.func, ast.Attribute) and called in _STRING_EDITS and _names_suffix(node.args[0]):
            return node.func.value  # ``__file__.replace(".py", ".json")``
    if isinstance(node, ast.Subscript):
        split = _splitext(node.value)
        if split is not None:
            index = node.slice
            return split if isinstance(index, ast.Constant) and index.value == 0 else None
        return node.value if _is_file(node.value) else None  # ``__file__[:-3]``
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple):
        split = _splitext(node.value)
        first = node.targets[0].elts[0] if node.targets[0].elts else None
        if split is not None and isinstance(first, ast.Name) and first.id != "_":
            return split
    return None


def file_owner(node: ast.expr, values: Mapping[str, list[ast.expr]], depth: int = 0) -> ast.expr | str | None:
    """``"own"`` for this module's file (``__file__``), ``X`` for ``X.__file__``, None for another path."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return "own"
    if isinstance(node, ast.Attribute) and node.attr == "origin" and dotted_name(node.value).endswith("__spec__"):
        spec = node.value  # ``__spec__.origin``: the module's file
        return spec.value if isinstance(spec, ast.Attribute) else "own"
    if isinstance(node, ast.Attribute) and node.attr == "__file__":
        holder = node.value
        if (
            isinstance(holder, ast.Subscript)
            and dotted_name(holder.value) == "sys.modules"
            and isinstance(holder.slice, ast.Name)
            and holder.slice.id == "__name__"
        ):
            return "own"
        return holder
    if depth >= 4:
        return None
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        if dotted_name(node.func).rpartition(".")[2] in _SAME_PATH:
            return file_owner(node.args[0], values, depth + 1)
    if isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute):
        if node.func.attr in _SAME_PATH_METHODS:
            return file_owner(node.func.value, values, depth + 1)
    if isinstance(node, ast.Name):
        assigned = values.get(node.id, [])
        if len(assigned) == 1:
            return file_owner(assigned[0], values, depth + 1)
    return None


def needs_values(node: ast.expr) -> bool:
    """Does :func:`file_owner` need the file's assigned values to tell ``node``'s file?"""
    while isinstance(node, ast.Call):
        node = node.args[0] if node.args else node.func.value if isinstance(node.func, ast.Attribute) else node.func
    return isinstance(node, ast.Name) and node.id != "__file__"


def _is_file(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "__file__") or (
        isinstance(node, ast.Attribute) and node.attr == "__file__"
    )


def _splitext(node: ast.expr) -> ast.expr | None:
    if isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] == "splitext" and node.args:
        return node.args[0]
    return None


def _names_suffix(node: ast.expr) -> bool:
    """``".py"``, ``".pyc"``: the suffix a module's file name ends with."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(".py")
