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

A directory put on ``sys.path`` relative to the working directory (``sys.path.insert(0, "pkg")``,
``os.path.join(os.getcwd(), "pkg")``, ``Path.cwd() / "pkg"``, ``os.path.abspath("pkg")``) names it from the
checkout's root, where its tests and scripts run: ``pkg-dir:(cwd)/SUB`` (:data:`CWD`).
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.directory_reader import DirectoryReader, directory_reader
from planner.discover import ModuleFile
from planner.facts import BARE_IMPORT, PACKAGE_DIR, FileFacts
from planner.name_tail_classes import absolute_module
from planner.python_source import dotted_name

__all__ = ["kept_by_package_dir", "package_dir_imports"]

_IMPORT_CALLS = frozenset({"import_module", "__import__"})
#: The calls that put a directory on ``sys.path``.
_PATH_ADDERS = ("sys.path.insert", "sys.path.append", "syspath_prepend")
#: ``import NAME`` / ``from NAME import`` at a line's start (or after ``;``) of a string's Python source.
#: ``pkg-dir:(cwd)/SUB``: a directory relative to the working directory, the checkout's root.
CWD = "(cwd)"
_CWD_CALLS = frozenset({"os.getcwd", "getcwd", "Path.cwd", "pathlib.Path.cwd"})
_SAME = frozenset({"abspath", "realpath", "normpath", "fspath", "str", "Path", "PurePath", "PosixPath"})
_SCREEN = re.compile(rb"__file__|__path__|sys\.path|syspath_prepend|addsitedir")
#: ``site.addsitedir(d)`` puts ``d`` on ``sys.path`` too (review30)
_SITE_ADDERS = ("addsitedir",)
#: the constructors that join their arguments: ``Path("src", "pa")``
_PATHS = frozenset({"Path", "PurePath", "PosixPath", "PurePosixPath"})
_SOURCE_IMPORT = re.compile(r"(?:^|;)[ \t]*(?:import[ \t]+([A-Za-z_]\w*)|from[ \t]+([A-Za-z_]\w*)[ \t]+import\b)", re.M)


def package_dir_imports(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``pkg-dir:REF[/SUB]`` and ``bare-import:NAME`` -> line, where the file takes a package's directory."""
    if not _SCREEN.search(raw):
        return {}
    reader = directory_reader(tree)
    dirs: dict[str, int] = {}
    for node in ast.walk(tree):
        where = reader.directory(node) if isinstance(node, ast.expr) else None
        if where is not None and (where[0] or where[1]):  # not the file's own directory
            ref, sub = where
            dirs.setdefault(f"{PACKAGE_DIR}{ref}/{sub}" if sub else f"{PACKAGE_DIR}{ref}", node.lineno)  # type: ignore[attr-defined]
    on_path = _on_sys_path(tree, reader)
    for sub, line in _cwd_entries(tree, reader):
        dirs.setdefault(f"{PACKAGE_DIR}{CWD}/{sub}", line)
        on_path = True
    if not dirs:
        return {}
    found = dict(dirs)
    for name, line in _bare_imports(tree, calls=on_path):
        found.setdefault(f"{BARE_IMPORT}{name}", line)
    return found


def _on_sys_path(tree: ast.Module, reader: DirectoryReader) -> bool:
    """Does the file put a package's directory on ``sys.path`` itself (``sys.path.insert(0, str(ROOT / "pkg"))``,
    ``monkeypatch.syspath_prepend(...)``)? Then ``import_module("m2")`` there names a module of that package; in a
    file that only spells a package's directory it is the test's own module (uvicorn's ``main`` in ``tmp_path``)."""
    for arg, _line in _path_entries(tree):
        if (where := reader.directory(arg)) is not None and (where[0] or where[1]):
            return True
    return False


def _path_entries(tree: ast.Module) -> Iterator[tuple[ast.expr, int]]:
    """Each value the file puts on ``sys.path``, with its line: ``sys.path.insert(0, d)``, ``.append(d)``,
    ``monkeypatch.syspath_prepend(d)``, ``site.addsitedir(d)``, and the items of ``sys.path.extend([...])``,
    ``sys.path += [...]``, ``sys.path[:0] = [...]`` (review30)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = dotted_name(node.func)
            if func.endswith(_PATH_ADDERS) or func.rpartition(".")[2] in _SITE_ADDERS:
                yield from ((arg, node.lineno) for arg in node.args)
            elif func == "sys.path.extend" and node.args:
                yield from ((item, node.lineno) for item in _items(node.args[0]))
        elif isinstance(node, ast.AugAssign) and dotted_name(node.target) == "sys.path":
            yield from ((item, node.lineno) for item in _items(node.value))
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Subscript) and dotted_name(t.value) == "sys.path" for t in node.targets
        ):
            yield from ((item, node.lineno) for item in _items(node.value))


def _items(node: ast.expr) -> list[ast.expr]:
    """The items of a literal list or tuple."""
    return list(node.elts) if isinstance(node, (ast.List, ast.Tuple)) else []


def _cwd_entries(tree: ast.Module, reader: DirectoryReader) -> Iterable[tuple[str, int]]:
    """Each directory relative to the working directory the file puts on ``sys.path``, with its line."""
    for arg, line in _path_entries(tree):
        sub = _cwd_relative(arg, reader, frozenset())
        if sub:
            yield sub, line


def _cwd_relative(node: ast.expr, reader: DirectoryReader, seen: frozenset[str]) -> str | None:
    """The path ``node`` names relative to the working directory (``""`` for itself), else None: a relative
    literal (``"pkg"``, ``"./src/pkg"``), ``os.getcwd()``/``Path.cwd()``/``os.curdir`` joined to literals,
    through ``abspath``, ``str``, ``Path``, ``.resolve()`` and a name the file assigns once."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.replace("\\", "/")
        if text.startswith(("/", "~")) or ":" in text or set(text) & set("*?[$%{"):
            return None
        relative = posixpath.normpath(text) if text else "."
        return None if relative.startswith("..") else "" if relative == "." else relative
    if isinstance(node, ast.Name) and node.id in reader.values and node.id not in seen:
        return _cwd_relative(reader.values[node.id], reader, seen | {node.id})
    if dotted_name(node) == "os.curdir":
        return ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _joined(node.left, [node.right], reader, seen)
    if not isinstance(node, ast.Call):
        return None
    func = dotted_name(node.func)
    if func in _CWD_CALLS and not node.args:
        return ""
    if isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute") and not node.args:
        return _cwd_relative(node.func.value, reader, seen)
    if isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath":
        return _joined(node.func.value, node.args, reader, seen)
    if func.endswith("path.join") and node.args:
        return _joined(node.args[0], node.args[1:], reader, seen)
    if func.rpartition(".")[2] in _SAME and len(node.args) == 1:
        return _cwd_relative(node.args[0], reader, seen)
    if func.rpartition(".")[2] in _PATHS and len(node.args) > 1:  # ``Path("src", "pa")``
        return _joined(node.args[0], node.args[1:], reader, seen)
    return None


def _joined(base: ast.expr, parts: list[ast.expr], reader: DirectoryReader, seen: frozenset[str]) -> str | None:
    """``base`` (relative to the working directory) joined to literal ``parts``."""
    where = _cwd_relative(base, reader, seen)
    names = [p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    if where is None or len(names) != len(parts):
        return None
    return _cwd_relative(ast.Constant(posixpath.join(where or ".", *names)), reader, seen)


def _bare_imports(tree: ast.Module, *, calls: bool) -> Iterable[tuple[str, int]]:
    """Each top-level name the file imports by an absolute import, in code or in a string's Python source, and
    (``calls``) by a literal name given to an import call."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module.partition(".")[0], node.lineno
        elif (
            calls
            and isinstance(node, ast.Call)
            and dotted_name(node.func).rpartition(".")[2] in _IMPORT_CALLS
            and node.args
        ):
            name = node.args[0]  # ``importlib.import_module("m2")``, ``__import__("m2")``
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and name.value[:1].isidentifier():
                yield name.value.partition(".")[0], node.lineno
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
    files: Iterable[ModuleFile],
    facts: Mapping[str, FileFacts],
    names: Iterable[str],
    pythonpath: tuple[tuple[str, ...], str | None] = ((), None),
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` a file imports by its bare name from its package's
    directory: one the file spells, or one of ``pythonpath`` (pytest's, repository paths, and where it is read)."""
    wanted = set(names)
    files = tuple(files)
    by_dir = {posixpath.dirname(f.path): f.name for f in files if f.is_package}  # a package's directory -> name
    by_name = {f.name: f for f in files}
    on_path = [(entry, by_dir.get(posixpath.normpath(entry))) for entry in pythonpath[0]]
    found: dict[str, str] = {}
    for file in files:
        bound = facts[file.path].bound_names if file.path in facts else {}
        packages = [_package(k[len(PACKAGE_DIR) :], file, by_dir, by_name) for k in bound if k.startswith(PACKAGE_DIR)]
        for key, line in bound.items():
            if not key.startswith(BARE_IMPORT):
                continue
            for package in packages:
                module = f"{package}.{key[len(BARE_IMPORT) :]}"
                if package and module in wanted:
                    why = f"{file.path}:{line}, imported by its bare name from its package's directory put on sys.path"
                    found.setdefault(module, f"{FOUND_BY_NAME}{why}")
        for entry, on in on_path:  # pytest's ``pythonpath = pkg``: ``import m1`` in any file it runs
            for imp in facts[file.path].imports if on and file.path in facts else ():
                module = f"{on}.{imp.module.partition('.')[0]}"
                if not imp.level and imp.module and module in wanted and module not in found:
                    why = f"{file.path}:{imp.line}, imported by its bare name from {entry}, on sys.path by pytest's pythonpath"
                    found[module] = f"{FOUND_BY_NAME}{why} ({pythonpath[1]})"
    return found


def _package(spelled: str, file: ModuleFile, by_dir: Mapping[str, str], by_name: Mapping[str, ModuleFile]) -> str:
    """The package whose directory ``pkg-dir:REF[/SUB]`` names, from ``file``; "" for none."""
    ref, slash, sub = spelled.partition("/")
    if ref == CWD:  # from the checkout's root
        return by_dir.get(posixpath.normpath(sub), "")
    if not slash:
        return absolute_module(ref, file)
    base = by_name.get(absolute_module(ref, file)) if ref else file
    if base is None or (ref and not base.is_package):
        return ""
    return by_dir.get(posixpath.normpath(posixpath.join(posixpath.dirname(base.path), sub)), "")
