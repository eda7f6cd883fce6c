"""Find references to renamed modules' old dotted paths left in the checkout's Python files.

A reference is an import that resolves to an old module (relative imports resolved against the
file's own package, ``from pkg import mod`` counted as ``pkg.mod``) or a string constant that is
exactly an old dotted path or one followed by ``.attribute`` (``mock.patch("pkg.mod.f")``). A
prefix is never enough: ``pkg.models`` is not a reference to ``pkg.mod``.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from planner.checkout_files import walk
from planner.config import Config
from planner.python_source import Unparsable, parse_python


@dataclass(frozen=True)
class Leftover:
    path: str
    line: int
    old: str
    text: str

    def describe(self) -> str:
        if self.text == self.old:
            return f"{self.path}:{self.line}: {self.old}"
        return f"{self.path}:{self.line}: {self.text} (names the renamed {self.old})"


def python_files_under(root: Path) -> Iterator[Path]:
    """Every ``.py`` file of the checkout, skipping virtual envs, caches, VCS and ``.guardian``."""
    yield from walk(root, root, ".py")


def module_of(config: Config, rel: str) -> tuple[str | None, bool]:
    """``(dotted name, is_package)`` of a repo-relative path under a source root, else ``(None, False)``."""
    for root in config.source_roots:
        prefix = "" if root in (".", "") else root.rstrip("/") + "/"
        if rel.startswith(prefix):
            parts = rel[len(prefix) :][:-3].split("/")
            if parts[-1] == "__init__":
                return ".".join(parts[:-1]) or None, True
            return ".".join(parts), False
    return None, False


def _matches(name: str, old: str) -> bool:
    return name == old or name.startswith(old + ".")


def _imported_names(node: ast.AST, module: str | None, is_package: bool) -> list[tuple[str, str | None, str | None]]:
    """``(dotted name, package, attribute)`` for each name an import statement reaches.

    ``from P import n`` gives ``("P.n", "P", "n")``: it names the submodule ``P.n`` only when the
    package does not bind ``n`` itself (see :func:`package_bindings`).
    """
    if isinstance(node, ast.Import):
        return [(alias.name, None, None) for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        if module is None:
            return []
        package = module.split(".") if is_package else module.split(".")[:-1]
        if node.level - 1 > len(package):
            return []
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([base] if base else [])])
    found: list[tuple[str, str | None, str | None]] = [(base, None, None)] if base else []
    for alias in node.names:
        if alias.name != "*":
            found.append((f"{base}.{alias.name}" if base else alias.name, base or None, alias.name))
    return found


def package_bindings(config: Config, package: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """Names ``package/__init__.py`` binds to something other than its own submodule.

    ``from shop.core import config`` where ``shop/core/__init__.py`` does ``from .settings import config``
    imports that function, never the submodule ``shop.core.config`` (the shadowed-submodule case).
    """
    if package in cache:
        return cache[package]
    names: set[str] = set()
    for root in config.source_roots:
        init = config.root / root / Path(*package.split(".")) / "__init__.py"
        if not init.is_file():
            continue
        try:
            tree = parse_python(init.read_text(encoding="utf-8"), init.name)
        except (OSError, UnicodeDecodeError, Unparsable):
            break
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.ImportFrom):
                submodule = node.level == 1 and not node.module or node.module == package and not node.level
                names.update(a.asname or a.name for a in node.names if not (submodule and not a.asname))
        break
    cache[package] = frozenset(names)
    return cache[package]


def find_leftovers(config: Config, renamed: Mapping[str, str], shimmed: Collection[str] = ()) -> list[Leftover]:
    """Every reference to a key of ``renamed`` (old dotted name -> new) in the checkout's ``.py`` files.

    ``shimmed``: old modules whose path a shim keeps. Below such a module (a module is no package) an import
    (``from requests.packages.urllib3.util import Retry``) or a prefix (``f"requests.packages.{mod}"``) names
    an alias the module registers in ``sys.modules``, which keeps the old path (the plan's ``module-alias``).
    """
    olds = sorted(renamed, key=len, reverse=True)
    leaves = {old.rsplit(".", 1)[-1] for old in olds}
    found: list[Leftover] = []
    bindings: dict[str, frozenset[str]] = {}
    for path in python_files_under(config.root):
        rel = path.relative_to(config.root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not any(leaf in text for leaf in leaves):  # whole-file prefilter: cheap and safe
            continue
        try:
            tree = parse_python(text, rel)
        except Unparsable:
            continue  # the compile check reports it
        module, is_package = module_of(config, rel)
        for node in ast.walk(tree):
            names: list[tuple[str, str | None, str | None]] = []
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = _imported_names(node, module, is_package)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value:
                names = [(node.value.strip(), None, None)]
            for name, package, attribute in names:
                old = next((o for o in olds if _matches(name, o)), None)
                if old is None:
                    continue
                if (
                    old in shimmed
                    and name != old
                    and (isinstance(node, (ast.Import, ast.ImportFrom)) or name[-1] == ".")
                ):
                    continue  # an alias below the module, kept with its old path
                if package is not None and attribute in package_bindings(config, package, bindings):
                    continue  # the package's own attribute of that name, not the submodule
                found.append(Leftover(rel, getattr(node, "lineno", 0), old, name))
                break
    return found
