"""A module imported by its bare name from its package's directory put on ``sys.path`` keeps its name (issue 13).

execnet's serializer tests write a script that puts ``Path(execnet.__file__).parent`` on ``sys.path`` and runs
``import gateway_base as serializer``: the module is imported as a top-level module by its file name, in source
no import graph reads (the text of a string, written to a file and run). Renamed, ``gateway_base`` is no longer
there, and no rewrite of a dotted path or shim at ``execnet/gateway_base.py`` (which imports ``execnet``, the very
thing such a script avoids) follows it.

A file that takes a package's directory from its ``__file__`` (``Path(pkg.__file__).parent``, ``os.path.dirname
(pkg.__file__)``, ``pkg.__path__[0]``; ``pkg`` bound by an import of the file) gives ``pkg-dir:REF`` (the import's
path as written, relative ones with their dots); each bare name it imports, in its code (``import codec``) or in
Python source a string holds (a line ``import codec as c`` or ``from codec import x``), gives ``bare-import:NAME``.
The plan keeps each module ``PKG.NAME`` of such a file (planner/layers.py). A bare ``__file__`` (the file's own
directory) is left: there a bare import names a module beside the file, which is importable by that name anyway.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import BARE_IMPORT, PACKAGE_DIR, FileFacts
from planner.name_tail_classes import absolute_module
from planner.python_source import dotted_name

__all__ = ["imported_names", "kept_by_package_dir", "package_dir_imports"]

#: ``import NAME`` / ``from NAME import`` at a line's start (or after ``;``) of a string's Python source.
_SOURCE_IMPORT = re.compile(r"(?:^|;)[ \t]*(?:import[ \t]+([A-Za-z_]\w*)|from[ \t]+([A-Za-z_]\w*)[ \t]+import\b)", re.M)
_PATH_CALLS = frozenset({"Path", "PurePath", "PosixPath", "WindowsPath"})
_DIRNAMES = frozenset({"dirname"})
_WRAPPERS = frozenset({"abspath", "realpath", "normpath", "fspath", "str"})


def package_dir_imports(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``pkg-dir:REF`` and ``bare-import:NAME`` -> line, where the file takes a package's directory."""
    if b"__file__" not in raw and b"__path__" not in raw:
        return {}
    imported = imported_names(tree)
    dirs: dict[str, int] = {}
    for node in ast.walk(tree):
        spelled = _package_of_directory(node)
        head = spelled.partition(".")[0] if spelled else ""
        if head in imported:
            rest = spelled[len(head) :]
            dirs.setdefault(f"{PACKAGE_DIR}{imported[head]}{rest}", node.lineno)  # type: ignore[attr-defined]
    if not dirs:
        return {}
    found = dict(dirs)
    for name, line in _bare_imports(tree):
        found.setdefault(f"{BARE_IMPORT}{name}", line)
    return found


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


def _package_of_directory(node: ast.AST) -> str:
    """``pkg`` where ``node`` is the directory of ``pkg.__file__`` (``Path(pkg.__file__).parent``, ``os.path.dirname
    (pkg.__file__)``) or ``pkg.__path__[0]``, else ``""``."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "__path__":
        return dotted_name(node.value.value)
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = node.value
        while isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and not inner.args:
            inner = inner.func.value  # ``Path(pkg.__file__).resolve().parent``
        if isinstance(inner, ast.Call) and dotted_name(inner.func).rpartition(".")[2] in _PATH_CALLS:
            return _file_of(inner.args[0]) if inner.args else ""
    if isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] in _DIRNAMES and node.args:
        return _file_of(node.args[0])
    return ""


def _file_of(node: ast.expr) -> str:
    """``pkg`` where ``node`` is ``pkg.__file__`` (inside ``os.path.abspath(...)``, ``str(...)`` ...), else ``""``."""
    while isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] in _WRAPPERS and node.args:
        node = node.args[0]
    if isinstance(node, ast.Attribute) and node.attr == "__file__":
        return dotted_name(node.value)
    return ""


def _bare_imports(tree: ast.Module) -> Iterable[tuple[str, int]]:
    """Each top-level name the file imports by an absolute import, in code or in a string's Python source."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module.partition(".")[0], node.lineno
        elif isinstance(node, ast.JoinedStr):
            inside.update(id(v) for v in node.values)
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "\x00" for v in node.values)
            yield from _source_imports(text, node.lineno, single=True)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside:
            yield from _source_imports(node.value, node.lineno, single=False)


def _source_imports(text: str, line: int, *, single: bool) -> Iterable[tuple[str, int]]:
    if "import" not in text:
        return
    for match in _SOURCE_IMPORT.finditer(text):
        yield match.group(1) or match.group(2), line if single else line + text.count("\n", 0, match.start())


def kept_by_package_dir(
    files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` a file imports by its bare name from its package's
    directory."""
    wanted = set(names)
    found: dict[str, str] = {}
    for file in files:
        bound = facts[file.path].bound_names if file.path in facts else {}
        packages = [absolute_module(k[len(PACKAGE_DIR) :], file) for k in bound if k.startswith(PACKAGE_DIR)]
        for key, line in bound.items():
            if not key.startswith(BARE_IMPORT):
                continue
            for package in packages:
                module = f"{package}.{key[len(BARE_IMPORT) :]}"
                if package and module in wanted:
                    why = f"{file.path}:{line}, imported by its bare name from its package's directory put on sys.path"
                    found.setdefault(module, f"{FOUND_BY_NAME}{why}")
    return found
