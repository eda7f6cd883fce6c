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

The same file is reached through ``inspect.getfile(X)``/``getsourcefile(X)``/``getabsfile(X)`` (``X`` a module, or a
class or function: the module that defines it), and its name is read as well by the path's last part
(``Path(F).parts[-1]``), ``os.path.split(F)[1]`` (``head, tail = ...``) and a split of the path's string at its
separator (``F.rsplit(os.sep, 1)[-1]``, ``F.split("/")[-1]``, ``F.rpartition("/")[2]``).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.python_source import dotted_name

__all__ = [
    "FILE_SCREEN",
    "file_owner",
    "file_read",
    "integer",
    "needs_values",
    "past_head",
    "path_split",
    "reads_files",
]

#: Words one of which a file that reads its file name holds besides ``__file__`` (:func:`reads_files`).
FILE_SCREEN = (
    b".stem",
    b".name",
    b"with_suffix",
    b"basename",
    b"splitext",
    b"getmodulename",
    b"__file__[",
    b"fix(",
    b".parts",
    b"split(",
    b"partition(",
    b"getfile(",
    b"getsourcefile(",
    b"getabsfile(",
    b"sub(",
)
#: Words that say whose file a path is: one of them is in a file that reads a module's file name.
_FILE_WORDS = (b"__file__", b"__spec__", b"getfile", b"getsourcefile", b"getabsfile")
#: ``inspect``'s functions that give the file of a module (of the module that defines a class or function).
_INSPECT_FILES = ("getfile", "getsourcefile", "getabsfile")
#: The path separators a path's string is split at: ``"/"``, ``os.sep``.
_SEPARATORS = ("/", "\\")
_SEPARATOR_NAMES = ("os.sep", "sep", "os.path.sep", "os.altsep")
_STRING_SPLITS = ("split", "rsplit", "rpartition", "partition")
_NAME_ATTRIBUTES = ("stem", "name")
_PATHS = ("Path", "PurePath", "PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath")
_SAME_PATH = ("str", "fspath", "abspath", "realpath", "normpath", "normcase", *_PATHS)
_SAME_PATH_METHODS = ("resolve", "absolute", "expanduser")
_STRING_EDITS = ("replace", "removesuffix")


def reads_files(raw: bytes) -> bool:
    """May the file ``raw`` read a module's file name (the screen before the walk)?"""
    return any(word in raw for word in _FILE_WORDS) and any(word in raw for word in FILE_SCREEN)


def file_read(node: ast.AST) -> ast.expr | None:
    """The path whose file name ``node`` reads, if it reads one (:func:`file_owner` says whose file it is)."""
    tail = _path_tail(node)
    if tail is not None:
        return tail
    if isinstance(node, ast.Attribute) and node.attr in _NAME_ATTRIBUTES:
        # ``__spec__.name``, ``__loader__.name``: the module's dotted name, no file's (planner/name_uses.py, review30)
        own = isinstance(node.value, ast.Name) and node.value.id in ("__spec__", "__loader__") and node.attr == "name"
        return None if own else node.value
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if called in ("basename", "getmodulename"):
            return node.args[0]
        if isinstance(node.func, ast.Attribute) and called == "with_suffix":
            return node.func.value
        if isinstance(node.func, ast.Attribute) and called in _STRING_EDITS and _names_suffix(node.args[0]):
            return node.func.value  # ``__file__.replace(".py", ".json")``
        if called == "sub" and len(node.args) >= 3 and _matches_suffix(node.args[0]):
            return node.args[2]  # ``re.sub(r"\.py$", ".json", __file__)``: the name, another suffix
    if isinstance(node, ast.Subscript):
        split = _splitext(node.value)
        if split is not None:
            index = node.slice
            return split if isinstance(index, ast.Constant) and index.value == 0 else None
        return node.value if _is_file(node.value) or _inspected(node.value) else None  # ``__file__[:-3]``
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple):
        split = _splitext(node.value)
        first = node.targets[0].elts[0] if node.targets[0].elts else None
        if split is not None and isinstance(first, ast.Name) and first.id != "_":
            return split
    return None


def _path_tail(node: ast.AST) -> ast.expr | None:
    """The path whose last part ``node`` takes: ``P.parts[-1]``, ``os.path.split(P)[1]`` (``head, tail = ...``),
    ``P.rsplit(os.sep, 1)[-1]``, ``P.rpartition("/")[2]`` (``*_, tail = P.split("/")``)."""
    if isinstance(node, ast.Subscript):
        value, index = node.value, node.slice
        if isinstance(value, ast.Attribute) and value.attr == "parts":
            return value.value if integer(index) == -1 or _to_end(index, -1) else None
        split = _path_split(value)
        return split[0] if split is not None and past_head(index, split[1]) else None
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple):
        split = _path_split(node.value)
        last = node.targets[0].elts[-1] if node.targets[0].elts else None
        if split is not None and isinstance(last, ast.Name) and last.id != "_":
            return split[0]
    return None


def path_split(node: ast.expr) -> tuple[ast.expr, str] | None:
    """:func:`_path_split`: ``parts = __file__.split(os.sep)`` then ``parts[-1]`` (planner/name_tails.py)."""
    return _path_split(node)


def _path_split(node: ast.expr) -> tuple[ast.expr, str] | None:
    """``(P, how)`` for ``os.path.split(P)`` (taken as a partition: ``[1]`` is the name) and ``P.split(os.sep)``
    and its kin."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    if dotted_name(func) in ("os.path.split", "path.split", "posixpath.split", "ntpath.split"):
        return node.args[0], "split-path"
    if isinstance(func, ast.Attribute) and func.attr in _STRING_SPLITS:
        sep = node.args[0]
        if (isinstance(sep, ast.Constant) and sep.value in _SEPARATORS) or dotted_name(sep) in _SEPARATOR_NAMES:
            return func.value, func.attr
    return None


def past_head(index: ast.expr, method: str) -> bool:
    """Does the subscript of a split take the last part (``[-1]``, ``[2]`` of a partition, ``[1]`` of
    ``os.path.split``, ``[1:]``)? ``[0]``, ``[:-1]`` and ``[-2]`` take the head."""
    if isinstance(index, ast.Slice):
        return index.upper is None and index.lower is not None and index.step is None
    value = integer(index)
    if value is None:
        return False
    if method in ("rpartition", "partition"):
        return value in (2, -1)
    if method == "split-path":
        return value in (1, -1)
    return value == -1 or value >= 1


def _to_end(index: ast.expr, lower: int) -> bool:
    return isinstance(index, ast.Slice) and index.upper is None and index.step is None and integer(index.lower) == lower


def integer(node: ast.expr | None) -> int | None:
    """The value of an integer literal (``-1`` too)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = integer(node.operand)
        return -inner if inner is not None else None
    return None


def file_owner(node: ast.expr, values: Mapping[str, list[ast.expr]], depth: int = 0) -> ast.expr | str | None:
    """``"own"`` for this module's file (``__file__``), ``X`` for ``X.__file__`` (and ``inspect.getfile(X)``), None
    for another path."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return "own"
    if _inspected(node):
        given = node.args[0]  # type: ignore[attr-defined]
        return "own" if _is_own_module(given) else given
    if isinstance(node, ast.Attribute) and node.attr == "origin" and dotted_name(node.value).endswith("__spec__"):
        spec = node.value  # ``__spec__.origin``: the module's file
        return spec.value if isinstance(spec, ast.Attribute) else "own"
    if isinstance(node, ast.Attribute) and node.attr == "__file__":
        holder = node.value
        return "own" if _is_own_module(holder) else holder
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


def _inspected(node: ast.expr) -> bool:
    """``inspect.getfile(X)`` and its kin: ``X``'s file."""
    return (
        isinstance(node, ast.Call) and bool(node.args) and dotted_name(node.func).rpartition(".")[2] in _INSPECT_FILES
    )


def _is_own_module(node: ast.expr) -> bool:
    """``sys.modules[__name__]``, ``inspect.currentframe()``: this module (the file a frame of it runs)."""
    if isinstance(node, ast.Call):
        return dotted_name(node.func).rpartition(".")[2] in ("currentframe", "_getframe")
    return (
        isinstance(node, ast.Subscript)
        and dotted_name(node.value) == "sys.modules"
        and isinstance(node.slice, ast.Name)
        and node.slice.id == "__name__"
    )


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


def _matches_suffix(node: ast.expr) -> bool:
    r"""A regular expression matching a module file's suffix: ``r"\.py$"``, ``"[.]py$"``."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and "py" in node.value
