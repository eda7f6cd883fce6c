"""A module of a directory a package adds to its ``__path__`` keeps its name (issue 13, breaker c13).

``__path__.append(os.path.join(os.path.dirname(__file__), "_impl"))`` in ``pkg/__init__.py`` makes
``pkg/_impl/fast.py`` importable as ``pkg.fast``, a name the plan does not know: it called the module
``pkg._impl.fast``, renamed it and left ``from pkg import fast`` as it was (ImportError after apply). Such a
module keeps its name, listed under ``kept`` with the line that adds its directory.

An addition is ``__path__.append(D)``, ``.insert(i, D)``, ``.extend([D, ...])``, ``__path__ += [D, ...]``,
``__path__ = [..., D]`` (``__path__`` in any spelling of planner/own_directory.py), ``D`` a directory below the
package's own (planner/directory_discovery.py's reader); it gives ``path-extended:SUB``, ``SUB`` the directory
below the file's. ``pkgutil.extend_path(__path__, __name__)`` gives ``path-extended:*``: a directory elsewhere in
the checkout spelled like the package's path (``plugins/pkg/`` beside ``src/pkg/``) is a portion of it, whose
modules are imported as the package's although the plan may name them otherwise.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Iterable, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.directory_reader import directory_reader
from planner.discover import ModuleFile
from planner.facts import PATH_EXTENDED, FileFacts
from planner.own_directory import own_paths
from planner.python_source import dotted_name

__all__ = ["kept_by_package_path", "path_extensions"]

PORTIONS = "*"  #: ``SUB`` of ``pkgutil.extend_path``: the package's portions elsewhere on ``sys.path``


def path_extensions(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``path-extended:SUB`` -> line for each directory the file adds to its package's ``__path__``."""
    if b"__path__" not in raw and b"submodule_search_locations" not in raw:
        return {}
    found: dict[str, int] = {}
    reader = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] == "extend_path":
            found.setdefault(f"{PATH_EXTENDED}{PORTIONS}", node.lineno)
            continue
        added = _added(node)
        if not added:
            continue
        reader = reader or directory_reader(tree)
        for expr in added:
            where = reader.directory(expr)
            if where is not None and not where[0] and where[1]:  # a directory below the file's own
                found.setdefault(f"{PATH_EXTENDED}{where[1]}", node.lineno)  # type: ignore[attr-defined]
    return found


def _added(node: ast.AST) -> list[ast.expr]:
    """The directories ``node`` adds to ``__path__``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and own_paths(node.func.value):
        if node.func.attr == "append" and len(node.args) == 1:
            return [node.args[0]]
        if node.func.attr == "insert" and len(node.args) == 2:
            return [node.args[1]]
        if node.func.attr == "extend" and len(node.args) == 1:
            return _elements(node.args[0])
    if isinstance(node, ast.AugAssign) and own_paths(node.target) and isinstance(node.op, ast.Add):
        return _elements(node.value)
    if isinstance(node, ast.Assign) and any(_path_target(t) for t in node.targets):
        return _elements(node.value)
    return []


def _path_target(node: ast.expr) -> bool:
    """``__path__`` or a slice of it (``__path__[:0] = [...]``)."""
    return own_paths(node.value if isinstance(node, ast.Subscript) else node)


def _elements(node: ast.expr) -> list[ast.expr]:
    """The items of a literal list or tuple, of each side of ``+``."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return list(node.elts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _elements(node.left) + _elements(node.right)
    return []


def kept_by_package_path(
    files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of ``names`` in a directory a package adds to its ``__path__``."""
    wanted = {modules[n].path: n for n in names if n in modules}
    found: dict[str, str] = {}
    for file in files:
        bound = facts[file.path].bound_names if file.path in facts else {}
        if not file.is_package:
            continue
        own = posixpath.dirname(file.path)
        for key, line in bound.items():
            if not key.startswith(PATH_EXTENDED):
                continue
            sub = key[len(PATH_EXTENDED) :]
            for path, module in wanted.items():
                below = _below(path, own, sub, file.name)
                if below is None or module in found:
                    continue
                imported = ".".join((file.name, *below))
                if imported == module:
                    continue  # a portion the plan already names as the package's: its rename is followed
                why = (
                    f"{file.path}:{line}, which adds their directory to its package's __path__ (imported as {imported})"
                )
                found[module] = f"{FOUND_BY_NAME}{why}"
    return found


def _below(path: str, own: str, sub: str, package: str) -> list[str] | None:
    """The name parts of the module at ``path`` below the added directory, None where it is not below it."""
    parts = path[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    if sub != PORTIONS:
        where = posixpath.normpath(posixpath.join(own, sub)).split("/")
        return parts[len(where) :] if parts[: len(where)] == where and len(parts) > len(where) else None
    spelled = package.split(".")
    for start in range(len(parts) - len(spelled)):
        end = start + len(spelled)
        if parts[start:end] == spelled and "/".join(parts[:end]) != own:
            return parts[end:]
    return None
