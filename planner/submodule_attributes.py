"""Plan-time finding of submodules used as an attribute of their package, by the name an import bound.

Importing ``pkg.sub`` sets the attribute ``sub`` on ``pkg``. A package whose ``__init__`` does
``from .sub import *`` (or ``from .sub import x``) therefore has ``pkg.sub`` bound as soon as it is
imported, and code reaches the submodule as ``import pkg; pkg.sub.x`` or ``from pkg import sub``
without ever importing ``pkg.sub`` by its path (toolz: ``toolz.functoolz.curry`` after ``import
toolz``). Rope rewrites those uses in the checkout to the new name, but the old name is the
package's public API: after the rename ``pkg.sub`` raises ``AttributeError`` for every other user.

Each such use in the checkout is a reference of kind ``submodule-attribute`` (action
``keep-old-name``): apply then binds the old name in the package again, ``from . import WF1_sub as
sub`` right after the import of the renamed module (codemods/old_name_bindings.py), a compatibility
binding listed like a shim and removed by ``guardian retire``. A submodule no code reaches by that
attribute gets no binding, so a package does not keep every old name of every submodule it imports.

A use counts when it reaches the submodule only through the package's binding:

- ``from pkg import sub`` (``pkg`` binds ``sub`` nowhere itself);
- ``pkg.sub`` or ``pkg.sub.x`` in code, in a file that imports ``pkg`` or a package above it
  (``import pkg``, ``import pkg as p``, ``import top`` for ``top.pkg.sub``) but never ``pkg.sub`` itself (``import pkg.sub`` makes the same
  expression work through the module path, which a shim keeps); ``pkg`` may be bound by a ``from`` import
  too (``from .. import util`` then ``util.util.to_bytes``: urllib3's ``contrib/pyopenssl.py``);
- the package's attributes read by a computed name: ``getattr(pkg, name)``, ``dir(pkg)``, ``vars(pkg)``,
  ``pkg.__dict__`` (isort lists its Python targets as ``dir(stdlibs)`` and reads one with
  ``getattr(stdlibs, version)``): every submodule the package binds implicitly counts.

Strings naming ``pkg.sub`` are module paths, rewritten in place (planner/references.py); they are no
evidence that the attribute is used.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from planner.facts import FileFacts
from planner.graph import RepoScan
from planner.implicit_bindings import implicit_candidates
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python
from planner.references import Reference

__all__ = ["find_attribute_uses"]

PackageMap = Mapping[str, Mapping[str, str]]  #: package -> {submodule name -> submodule}


def _packages(scan: RepoScan) -> dict[str, dict[str, str]]:
    """package -> {submodule name -> submodule} for every ``__init__`` that binds a submodule implicitly."""
    found: dict[str, dict[str, str]] = {}
    for module in scan.modules.values():
        if module.is_package:
            names = implicit_candidates(module, scan)
            if names:
                found[module.name] = names
    return found


def _roots(facts: FileFacts) -> Iterator[tuple[str, str]]:
    """(name, module it is bound to) for each ``import``: ``import a.b`` binds ``a``, ``import a.b as x`` ``x``."""
    for imp in facts.imports:
        if imp.form == "import-as" and imp.alias:
            yield imp.alias, imp.module
        elif imp.form == "import":
            yield imp.module.partition(".")[0], imp.module.partition(".")[0]


def _reexported(facts: FileFacts, package_of: str, scan: RepoScan) -> Iterator[tuple[str, str]]:
    """(name, top-level package) for a top-level package of the checkout imported by its name from a
    module that re-exports it (asttokens' tests: ``from .context import asttokens``), not a submodule."""
    for imp in facts.imports:
        if imp.form in ("from", "from-as") and imp.name in scan.top_level:
            base = imp.resolve_base(package_of)
            if base is not None and f"{base}.{imp.name}" not in scan.modules:
                yield imp.alias or imp.name, imp.name


def _from_bound(facts: FileFacts, package_of: str, scan: RepoScan) -> Iterator[tuple[str, str]]:
    """(name, package) for a package of the checkout a ``from`` import binds: ``from .. import util`` in
    ``urllib3/contrib/pyopenssl.py``, then ``util.util.to_bytes(...)`` (``urllib3.util`` binds its ``util``
    submodule only through another submodule's import of it)."""
    for imp in facts.imports:
        if imp.form in ("from", "from-as") and imp.name is not None:
            base = imp.resolve_base(package_of)
            module = scan.modules.get(f"{base}.{imp.name}") if base is not None else None
            if module is not None and module.is_package:
                yield imp.alias or imp.name, module.name


def _imported_paths(facts: FileFacts) -> set[str]:
    """Every module the file imports by its path (``import a.b`` gives ``a`` and ``a.b``)."""
    paths: set[str] = set()
    for imp in facts.imports:
        if imp.form in ("import", "import-as"):
            parts = imp.module.split(".")
            paths.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return paths


def _from_imports(
    path: str, package_of: str, facts: FileFacts, packages: Mapping[str, Mapping[str, str]], *, own: bool
) -> Iterator[Reference]:
    for imp in facts.imports:
        if imp.form not in ("from", "from-as") or imp.name is None:
            continue
        base = imp.resolve_base(package_of)
        target = packages.get(base or "", {}).get(imp.name)
        if base is not None and target is not None and not (own and base == package_of):  # the package's own import
            yield Reference(path, imp.line, "submodule-attribute", f"from {base} import {imp.name}", target)


def _attribute_uses(path: str, raw: bytes, wanted: Mapping[str, str]) -> Iterator[Reference]:
    """``root.sub`` expressions of ``wanted`` (dotted text -> submodule) in the file's code."""
    words = b"|".join(re.escape(w.encode()) for w in sorted(wanted, key=len, reverse=True))
    if re.search(rb"(?<![\w.])(?:" + words + rb")(?!\w)", raw) is None:
        return
    with deep_walk():
        tree = parse_python(raw, path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and (target := wanted.get(dotted_name(node))) is not None:
                yield Reference(path, node.lineno, "submodule-attribute", dotted_name(node), target)


_COMPUTED = re.compile(rb"\b(?:getattr|dir|vars)\(|__dict__")


def _package_names(facts: FileFacts, package_of: str, packages: Mapping[str, object]) -> dict[str, str]:
    """Local name -> package for each import binding one of ``packages`` itself (``import pkg as p``,
    ``from . import pkg``)."""
    names = {name: module for name, module in _roots(facts) if module in packages}
    for imp in facts.imports:
        if imp.form in ("from", "from-as") and imp.name is not None:
            base = imp.resolve_base(package_of)
            if base is not None and f"{base}.{imp.name}" in packages:
                names[imp.alias or imp.name] = f"{base}.{imp.name}"
    return names


def _computed_uses(path: str, tree: ast.AST, names: Mapping[str, str], packages: PackageMap) -> Iterator[Reference]:
    """``getattr(p, name)``, ``dir(p)``, ``vars(p)``, ``p.__dict__`` of a package bound to ``p``.

    Each such read reaches every submodule the package binds, so a file is listed once per package, at
    its first read: one reference per read made four million of them for 20,000 reads of a package of
    200 submodules (review 20). The text names the read, not the whole call, which could be megabytes."""
    first: dict[str, tuple[int, str]] = {}  # package -> (line, text) of the file's first read of it
    for node in ast.walk(tree):
        owner: ast.expr | None = None
        text = ""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            called, args = node.func.id, node.args
            if (called == "getattr" and len(args) >= 2 and not isinstance(args[1], ast.Constant)) or (
                called in ("dir", "vars") and len(args) == 1
            ):
                owner = args[0]
                text = f"{called}({{}}, ...)" if called == "getattr" else f"{called}({{}})"
        elif isinstance(node, ast.Attribute) and node.attr == "__dict__":
            owner, text = node.value, "{}.__dict__"
        if isinstance(owner, ast.Name) and owner.id in names:
            read = (owner.lineno, text.format(owner.id))
            first[names[owner.id]] = min(first.get(names[owner.id], read), read)
    for package, (line, text) in first.items():
        for target in packages[package].values():
            yield Reference(path, line, "submodule-attribute", text, target)


def find_attribute_uses(root: Path, scan: RepoScan) -> list[Reference]:
    """Every use of a package's implicitly bound submodule as an attribute of the package.

    Returns:
        References of kind ``submodule-attribute``, one per line and module, sorted.
    """
    packages = _packages(scan)
    if not packages:
        return []
    below: dict[str, list[str]] = {}  # module -> the packages it is or lies above: one look-up per import
    for package in packages:
        parts = package.split(".")
        for end in range(1, len(parts) + 1):
            below.setdefault(".".join(parts[:end]), []).append(package)
    references: list[Reference] = []
    for file in (*scan.modules.values(), *scan.scripts):
        facts = scan.facts.get(file.path)
        if facts is None or facts.syntax_error or facts.shim:
            continue
        package_of = file.name if file.is_package else file.name.rpartition(".")[0]
        references += _from_imports(file.path, package_of, facts, packages, own=file.is_package)
        names = _package_names(facts, package_of, packages)
        imported = _imported_paths(facts)
        wanted = {
            f"{name}{package[len(module) :]}.{sub}": target
            for name, module in (
                *_roots(facts),
                *_reexported(facts, package_of, scan),
                *_from_bound(facts, package_of, scan),
            )
            for package in below.get(module, ())
            for sub, target in packages[package].items()
            if target not in imported
        }
        if not wanted and not names:
            continue
        try:
            with open(os.path.join(root, file.path), "rb") as handle:
                raw = handle.read()
            if wanted:
                references += _attribute_uses(file.path, raw, wanted)
            if names and _COMPUTED.search(raw) is not None:
                with deep_walk():
                    references += _computed_uses(file.path, parse_python(raw, file.path), names, packages)
        except (OSError, Unparsable):
            continue
    unique = {(r.path, r.line, r.module): r for r in sorted(references, key=lambda r: (r.path, r.line, r.text))}
    return sorted(unique.values(), key=lambda r: (r.path, r.line, r.text))
