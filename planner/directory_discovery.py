"""A module a package finds by listing its own directory keeps its name (issue 13).

A package that discovers its modules (``pkgutil.iter_modules(__path__)``, ``walk_packages``, ``os.listdir``,
``glob``, ``Path.iterdir``/``glob``/``rglob`` or ``os.walk`` of its own directory) turns their file names into
data: the keys of a registry (``{p.stem: import_module(f"{__name__}.{p.stem}") ...}``), a plugin's name
(pluggy's ``pm.register(mod, name=info.name)``), a selection (thefuck's ``ENABLED = ["git_push"]`` over rules
loaded with ``spec_from_file_location(path.stem, path)``), the order in which handlers run (the files' order).
Renamed, the keys change; a shim at the old path is worse, a second copy the same listing finds, so every plugin
is registered twice (pluggy: ``Plugin already registered``). Guardian keeps such a module's name.

A directory is the file's own when it is ``__path__``, ``__path__[0]``, the directory of ``__file__``
(``os.path.dirname``, ``Path(__file__).parent``, through ``abspath``/``resolve()``/``str``), or
``importlib.resources.files(__name__)`` (each in any spelling of planner/own_directory.py), a literal directory
joined below one (``os.path.join(HERE, "rules")``, ``HERE / "rules"``, ``.joinpath("rules")``, ``glob("rules/*.py")``),
or ``X.__path__`` / ``X.__file__``'s directory of a package ``X`` the file imports that lies in or below the file's
package (a package finding its plugins). A test of another package that walks it (``walk_packages(shop.__path__)``
to import every module) is not the package's own listing: its modules are renamed. A listing other than
``pkgutil``'s counts only where the file also loads a module by a computed name (``import_module``,
``__import__``, ``spec_from_file_location``, ``SourceFileLoader``, ``run_path``...), and a glob's file-name pattern
must match the module's file (``*.json`` reaches none).

Each listing gives a ``bound_names`` key ``discovered:DEEP:REF:SUB:PATTERN`` (``DEEP`` ``1`` for ``walk_packages``,
``rglob``, ``os.walk`` and ``**``; ``REF`` the import's path as written, ``""`` for the file's own directory;
``SUB`` the literal directories below it; ``PATTERN`` the file-name glob, ``""`` for every file).
"""

from __future__ import annotations

import ast
import fnmatch
import posixpath
from collections.abc import Iterable, Mapping

from planner.computed_names import packages_only
from planner.conventions import FOUND_BY_NAME
from planner.directory_reader import Dir, DirectoryReader, imported_names
from planner.discover import ModuleFile
from planner.facts import DISCOVERED, FileFacts
from planner.name_tail_classes import absolute_module
from planner.python_source import dotted_name

__all__ = ["directory_discoveries", "kept_by_discovery"]

_LOADS = frozenset(
    {
        "import_module",
        "__import__",
        "spec_from_file_location",
        "SourceFileLoader",
        "load_source",
        "run_path",
        "exec_module",
        "load_module",
        "find_spec",
    }
)
_PKGUTIL = frozenset({"iter_modules", "walk_packages"})
_LISTINGS = frozenset({"listdir", "scandir", "walk", "iterdir", "glob", "iglob", "rglob"})
_WORDS = (b"iter_modules", b"walk_packages", b"listdir", b"scandir", b"walk(", b"iterdir", b"glob(")


def directory_discoveries(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``discovered:DEEP:REF:SUB:PATTERN`` -> line for each listing of a directory of the file's package."""
    if not any(word in raw for word in _WORDS):
        return {}
    parents: dict[int, ast.AST] = {}
    values: dict[str, ast.expr] = {}
    loads = False
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values.setdefault(node.targets[0].id, node.value)  # ``HERE = Path(__file__).parent``
        elif isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] in _LOADS:
            loads = True
    reader = _Lister(values, imported_names(tree))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        last = node.func.attr if isinstance(node.func, ast.Attribute) else dotted_name(node.func)
        listing = reader.listing(node, last, parents) if last in _PKGUTIL else None
        if listing is None and loads and last in _LISTINGS:
            listing = reader.other_listing(node, last)
        if listing is not None:
            (ref, sub), pattern, deep = listing
            if sub == ".." or sub.startswith("../"):
                continue  # above the package's directory: not its own listing
            found.setdefault(f"{DISCOVERED}{int(deep)}:{ref}:{sub}:{pattern}", node.lineno)
    return found


class _Lister(DirectoryReader):
    """Reads which directory of the file's package a listing lists."""

    def listing(self, call: ast.Call, last: str, parents: Mapping[int, ast.AST]) -> tuple[Dir, str, bool] | None:
        """``pkgutil.iter_modules(PATH)`` / ``walk_packages(PATH)`` of a known directory (not packages only)."""
        path = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "path"), None)
        if path is None or packages_only(call, parents):
            return None
        where = self.directory(path, paths=True)
        return (where, "", last == "walk_packages") if where is not None else None

    def other_listing(self, call: ast.Call, last: str) -> tuple[Dir, str, bool] | None:
        """``os.listdir(D)``, ``D.iterdir()``, ``D.glob("*.py")``, ``glob.glob(os.path.join(D, "*.py"))``..."""
        where = self.directory(call.func.value) if isinstance(call.func, ast.Attribute) else None
        if where is not None and last in ("iterdir", "glob", "rglob"):  # ``Path(__file__).parent.glob("*.py")``
            return self._with_pattern(where, call.args[0] if call.args else None, deep=last == "rglob")
        if not call.args or last in ("iterdir", "rglob"):
            return None
        if last in ("listdir", "scandir", "walk"):
            where = self.directory(call.args[0])
            return (where, "", last == "walk") if where is not None else None
        parts = _joined(call.args[0])  # ``glob.glob(os.path.join(D, "rules", "*.py"))``, ``str(D / "*.py")``
        if parts is None or len(parts) < 2:
            return None
        where = self.directory(parts[0])
        if where is None or not all(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts[1:]):
            return None
        text = "/".join(str(p.value) for p in parts[1:] if isinstance(p, ast.Constant))
        return self._with_pattern(where, ast.Constant(text), deep=False)

    @staticmethod
    def _with_pattern(where: Dir, pattern: ast.expr | None, *, deep: bool) -> tuple[Dir, str, bool] | None:
        if pattern is None:
            return where, "", deep
        if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
            return None
        head, _, name = pattern.value.rpartition("/")
        dirs = [d for d in head.split("/") if d and d != "."]
        if "**" in dirs:
            deep, dirs = True, dirs[: dirs.index("**")]
        if any(set(d) & set("*?[") for d in dirs):
            return None
        ref, sub = where
        return (ref, "/".join(p for p in (sub, *dirs) if p)), "" if name in ("*", "**") else name, deep


def _joined(node: ast.expr) -> list[ast.expr] | None:
    """The parts of ``os.path.join(a, b, ...)``, ``a / b`` (inside ``str()``/``os.fspath()``), else None."""
    while isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] in ("str", "fspath"):
        if len(node.args) != 1:
            return None
        node = node.args[0]
    if isinstance(node, ast.Call) and dotted_name(node.func).endswith("path.join") and node.args:
        return list(node.args)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left = _joined(node.left)
        return [*(left if left is not None else [node.left]), node.right]
    return None


def kept_by_discovery(
    files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of ``names`` whose file a listing of its package's own directory finds."""
    wanted = {modules[n].path: n for n in names if n in modules and not modules[n].is_package}
    found: dict[str, str] = {}
    for file in files:
        bound = facts[file.path].bound_names if file.path in facts else {}
        own = posixpath.dirname(file.path)
        for key, line in bound.items():
            if not key.startswith(DISCOVERED):
                continue
            deep, ref, sub, pattern = key[len(DISCOVERED) :].split(":", 3)
            base = own
            if ref:
                target = modules.get(absolute_module(ref, file))
                base = posixpath.dirname(target.path) if target is not None and target.is_package else ""
                if not base or not (base == own or base.startswith(own + "/")):
                    continue  # another package's modules (a test walking ``shop.__path__``): not its own listing
            where = posixpath.join(base, sub) if sub else base
            for path, module in wanted.items():
                folder, _, name = path.rpartition("/")
                inside = folder == where or (deep == "1" and folder.startswith(where + "/"))
                if inside and (not pattern or fnmatch.fnmatchcase(name, pattern)) and module not in found:
                    why = f"{file.path}:{line}, which lists its package's directory (the modules' names are data)"
                    found[module] = f"{FOUND_BY_NAME}{why}"
    return found
