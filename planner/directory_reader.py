"""Which directory an expression names: the file's own, one below it or above it, or an imported package's (issue 13).

The reader behind planner/directory_discovery.py (a listing of the package's own directory), planner/package_path.py
(a directory added to ``__path__``) and planner/package_dir_imports.py (a package's directory put on ``sys.path``):
``(REF, SUB)``, ``REF`` an import's path as written (``""`` for the file's own directory), ``SUB`` a normalised
relative path from that directory (``""`` itself, ``rules``, ``..``, ``../pkg``). It follows the spellings of
planner/own_directory.py, ``os.path.dirname``/``Path(...).parent``/``.parents[n]`` (of a file, then of a
directory: up), ``os.path.join``, ``/``, ``.joinpath`` of literal names, ``abspath``/``resolve()``/``str`` and a
name the file assigns once.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Mapping

from planner.own_directory import own_file, own_name, own_paths, resources_anchor
from planner.python_source import dotted_name

__all__ = ["Dir", "DirectoryReader", "directory_reader", "imported_names"]

Dir = tuple[str, str]  #: (REF, SUB)
_PATH_CALLS = frozenset({"Path", "PurePath", "PosixPath", "WindowsPath"})
_WRAPPERS = frozenset({"abspath", "realpath", "normpath", "fspath", "str", "Path", "PurePath", "PosixPath"})
_SAME_PATH = frozenset({"resolve", "absolute", "expanduser"})


def directory_reader(tree: ast.Module) -> DirectoryReader:
    """A reader of the directories ``tree``'s expressions name, from its assignments and imports."""
    values: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values.setdefault(node.targets[0].id, node.value)  # ``HERE = Path(__file__).parent``
    return DirectoryReader(values, imported_names(tree))


def imported_names(tree: ast.Module) -> dict[str, str]:
    """Each name the file's imports bind -> the module path as written (``from . import pkg``: ``.pkg``)."""
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.partition(".")[0]
                imported[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    dot = "" if base.endswith(".") or not base else "."
                    imported[alias.asname or alias.name] = f"{base}{dot}{alias.name}"
    return imported


class DirectoryReader:
    """Reads which directory an expression is, from the file's assignments and imports."""

    def __init__(self, values: Mapping[str, ast.expr], imported: Mapping[str, str]) -> None:
        self.values = values
        self.imported = imported

    def directory(self, node: ast.expr, *, paths: bool = False, seen: frozenset[str] = frozenset()) -> Dir | None:
        """(REF, SUB) where ``node`` is a directory of the file's package, else None."""
        if own_paths(node) and paths:  # ``__path__``, ``__spec__.submodule_search_locations``
            return "", ""
        if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == 1 and paths:
            return self.directory(node.elts[0], paths=paths, seen=seen)  # ``[os.path.dirname(__file__)]``
        if isinstance(node, ast.Name) and node.id in self.values and node.id not in seen:
            return self.directory(self.values[node.id], paths=paths, seen=seen | {node.id})
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == 0:
            return self.directory(node.value, paths=True, seen=seen)  # ``__path__[0]``
        if isinstance(node, ast.Attribute) and node.attr == "__path__" and paths:
            return self._imported_dir(node.value)
        if isinstance(node, ast.Attribute) and node.attr == "parent":  # of a file, else of a directory: up
            return self._file_dir(node.value) or _up(self.directory(node.value, seen=seen))
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
            up = node.slice.value if isinstance(node.slice, ast.Constant) else None
            if not isinstance(up, int) or isinstance(up, bool) or not 0 <= up < 16:
                return None
            where = self._file_dir(node.value.value) or _up(self.directory(node.value.value, seen=seen))
            for _ in range(up):
                where = _up(where)
            return where  # ``Path(__file__).parents[1]``
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self._below(node.left, [node.right], seen)
        if not isinstance(node, ast.Call):
            return None
        anchor = resources_anchor(node)
        if anchor is not None:  # ``importlib.resources.files(__name__)``, ``files(pkg)``, ``files("pkg.sub")``
            return self._anchor_dir(anchor)
        func = dotted_name(node.func)
        last = func.rpartition(".")[2]
        if isinstance(node.func, ast.Attribute) and node.func.attr in _SAME_PATH and not node.args:
            return self.directory(node.func.value, paths=paths, seen=seen)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath":
            return self._below(node.func.value, node.args, seen)
        if last == "dirname" and len(node.args) == 1:
            return self._file_dir(node.args[0]) or _up(self.directory(node.args[0], seen=seen))
        if last == "join" and func != "join" and node.args and "path" in func:
            return self._below(node.args[0], node.args[1:], seen)
        if last in _WRAPPERS and len(node.args) == 1:
            return self.directory(node.args[0], paths=paths, seen=seen)
        return None

    def _below(self, base: ast.expr, parts: list[ast.expr], seen: frozenset[str]) -> Dir | None:
        where = self.directory(base, seen=seen)
        if where is None or not all(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
            return None
        names = [str(p.value).strip("/") for p in parts if isinstance(p, ast.Constant)]
        if any(set(n) & set("*?[") or any(p.startswith(".") and p != ".." for p in n.split("/")) for n in names):
            return None
        return where[0], _relative(where[1], *names)

    def _file_dir(self, node: ast.expr) -> Dir | None:
        """The directory of ``__file__`` or ``X.__file__`` (``node`` being that file, or ``Path`` of it)."""
        while isinstance(node, ast.Call) and len(node.args) <= 1:
            if isinstance(node.func, ast.Attribute) and node.func.attr in _SAME_PATH and not node.args:
                node = node.func.value
            elif dotted_name(node.func).rpartition(".")[2] in (_WRAPPERS | _PATH_CALLS) and node.args:
                node = node.args[0]
            else:
                return None
        if own_file(node):  # ``__file__``, ``__spec__.origin``, ``sys.modules[__name__].__file__``
            return "", ""
        if isinstance(node, ast.Attribute) and node.attr == "__file__":
            return self._imported_dir(node.value)
        return None

    def _anchor_dir(self, anchor: ast.expr) -> Dir | None:
        """The directory ``importlib.resources.files(anchor)`` gives: the file's package's for its own name."""
        if own_name(anchor):
            return "", ""
        if isinstance(anchor, ast.Constant) and isinstance(anchor.value, str) and anchor.value.isascii():
            return (anchor.value, "") if all(p.isidentifier() for p in anchor.value.split(".")) else None
        return self._imported_dir(anchor)

    def _imported_dir(self, node: ast.expr) -> Dir | None:
        spelled = dotted_name(node)
        head = spelled.partition(".")[0]
        if head not in self.imported:
            return None
        return self.imported[head] + spelled[len(head) :], ""


def _up(where: Dir | None) -> Dir | None:
    """The directory above ``where``."""
    return None if where is None else (where[0], _relative(where[1], ".."))


def _relative(*parts: str) -> str:
    """``parts`` joined and normalised (``pkg/..`` is ``""``, the directory itself)."""
    joined = posixpath.normpath(posixpath.join(*(p for p in parts if p))) if any(parts) else "."
    return "" if joined == "." else joined
