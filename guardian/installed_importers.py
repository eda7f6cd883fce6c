"""The checkout's modules that installed code of other distributions imports by their paths (issue 13).

A framework's integration shipped by another project imports the framework's modules by their paths:
strawberry-graphql's ``strawberry/fastapi/router.py`` imports ``fastapi.datastructures``, OpenTelemetry's
FastAPI instrumentation ``fastapi.routing``; so do a test runner's plugins and instrumentation packages.
That code lives in the target environment's ``site-packages``, outside the checkout, where no rename
writes, and the import graph does not see it: after ``apply --all`` fastapi 0.165.0's whole suite stopped
at collection, because one tutorial's test imports strawberry's integration. Each such module keeps a
silent shim at its old path (``codemods/keep_alive.py``'s ``outside``), removed by ``guardian retire``.

The environment is read, never run, so this holds with ``--no-tests`` too: its ``site-packages`` are
found from the target interpreter's path (``<prefix>/bin/python`` -> ``<prefix>/lib/python3.X/site-packages``,
a virtual environment, a conda or pyenv prefix; guardian/suite_runs.py's :func:`target_python`), each
installed distribution's record (``*.dist-info/RECORD``) lists its files, and each ``.py`` file among them
that holds a top-level name of the checkout as a word is parsed with ``ast``, never imported: its import
statements, and its strings that are a whole module path (``import_module("pkg.util")``, a lazy table). A
top-level package the environment holds a copy of (an installed copy beside the checkout's) does not count:
installed code imports that copy.

The environment may be the checkout's own data (a ``.venv`` committed in it, or ``[validate] python``), so it
is read as any file a checkout ships (``failures/regular_files.py``: no FIFO or device waited on, no symlink
followed at the last component, a size limit) and within bounds a large real environment stays under: a
record of 8 MiB, a module of 256 KiB (larger ones are skipped), 16 MiB parsed in all, a file only inside its
``site-packages`` (a record's ``../../x.py`` or absolute path is not read).
"""

from __future__ import annotations

import ast
import csv
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from failures.regular_files import read_regular
from planner.python_source import Unparsable, parse_python

__all__ = ["InstalledImporters", "environment_sites", "installed_importers", "read_installed_importers"]

#: Bounds: a record's bytes, a module's bytes (a larger one is skipped), the bytes parsed in all, the
#: distributions read per ``site-packages``. A large real environment holds a few thousand distributions,
#: and the modules that name a given package are a few hundred, mostly well under 256 KiB.
MAX_RECORD = 8 << 20
MAX_MODULE = 256 << 10
MAX_PARSED = 16 << 20
MAX_DISTRIBUTIONS = 20_000
MAX_SOURCE_FILES = 20_000
_NOT_SOURCE = {"__pycache__", "node_modules", "site-packages", "dist-packages", "venv", ".venv", ".tox", ".nox"}
_SITES = ("lib/python3*/site-packages", "lib64/python3*/site-packages", "lib/python3*/dist-packages")


def environment_sites(python: str) -> list[Path]:
    """The ``site-packages`` directories of the environment whose interpreter is ``python`` (``<prefix>/bin/
    python``, not resolved: a virtual environment's interpreter is a link to its base's)."""
    prefix = Path(python).parent.parent
    return sorted({site for pattern in _SITES for site in prefix.glob(pattern) if site.is_dir()})


def _distributions(site: Path) -> Iterator[tuple[str, list[PurePosixPath]]]:
    """Each distribution of ``site``: its name and the ``.py`` files its record lists inside ``site``."""
    for info in sorted(site.glob("*.dist-info"))[:MAX_DISTRIBUTIONS]:
        try:
            record = read_regular(info / "RECORD", MAX_RECORD).decode("utf-8", "replace")
        except (OSError, ValueError):
            continue
        name = info.name.removesuffix(".dist-info").partition("-")[0]
        files = []
        for row in csv.reader(record.splitlines()):
            rel = PurePosixPath(row[0]) if row and row[0].endswith(".py") else None
            if rel is not None and not rel.is_absolute() and ".." not in rel.parts:
                files.append(rel)
        yield name, files


def _editable_sources(site: Path, checkout: str) -> list[Path]:
    """The source directories outside the checkout that editable installs of ``site`` put on the path: a
    ``.pth`` file's directory lines (``pip install -e`` of a src layout, the older ``develop``), and the
    package directories of setuptools' editable finders (``__editable___x_finder.py``'s ``MAPPING``)."""
    found: list[Path] = []
    for pth in sorted(site.glob("*.pth")):
        try:
            lines = read_regular(pth, 1 << 20).decode("utf-8", "replace").splitlines()
        except (OSError, ValueError):
            continue
        found += [Path(line.strip()) for line in lines if line.strip() and not line.startswith(("#", "import"))]
    for finder in sorted(site.glob("__editable___*_finder.py")):
        try:
            tree = parse_python(read_regular(finder, MAX_MODULE), finder.name)
        except (OSError, ValueError, Unparsable):
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == "MAPPING" for t in targets):
                    found += [
                        Path(v.value)
                        for v in node.value.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    ]
    real = [Path(os.path.realpath(d)) for d in found if d.is_absolute()]
    # neither the checkout's own (an editable install of it) nor a directory holding it (a .pth naming a parent)
    apart = [
        d for d in real if not os.path.join(d, "").startswith(checkout) and not checkout.startswith(os.path.join(d, ""))
    ]
    return [d for d in dict.fromkeys(apart) if d.is_dir()]


def _source_files(directory: Path, budget: int) -> list[PurePosixPath]:
    """The ``.py`` files under ``directory`` (no link followed, no environment or cache entered), at most ``budget``
    of them, from at most ``budget`` directories."""
    files: list[PurePosixPath] = []
    for visited, (top, dirs, names) in enumerate(os.walk(directory)):
        if visited >= budget:  # a tree of directories without Python files costs no more than its files would
            break
        dirs[:] = sorted(d for d in dirs if d not in _NOT_SOURCE and not d.startswith("."))
        rel = PurePosixPath(Path(top).relative_to(directory).as_posix())
        files += [rel / name for name in sorted(names) if name.endswith(".py")]
        if len(files) >= budget:
            return files[:budget]
    return files


def _named(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every absolute dotted name an import statement of ``tree`` names (``from a.b import c``: ``a.b`` and
    ``a.b.c``, as ``c`` may be a submodule), and every string (``import_module("a.b")``), with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module, node.lineno
            yield from ((f"{node.module}.{a.name}", node.lineno) for a in node.names if a.name != "*")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 256:
            yield node.value.partition(":")[0], node.lineno  # an entry point's "pkg.mod:attr" too


class InstalledImporters(NamedTuple):
    """What :func:`read_installed_importers` found."""

    #: module -> where installed code names it: ``["strawberry_graphql: strawberry/fastapi/router.py:15"]``
    where: dict[str, list[str]]
    #: module -> the top-level names that code is imported by (``strawberry``): a test importing one of them
    #: reaches the module (guardian/test_selection.py)
    packages: dict[str, set[str]]


def installed_importers(python: str, root: Path, modules: Iterable[str]) -> dict[str, list[str]]:
    """The ``modules`` (dotted, of the checkout) that the installed distributions of the target environment
    name, each with where: ``{"fastapi.datastructures": ["strawberry_graphql: strawberry/fastapi/router.py:15"]}``;
    the sources of an editable install outside the checkout (``root``) count as installed. An environment that
    cannot be read gives none."""
    return read_installed_importers(python, root, modules).where


def read_installed_importers(python: str, root: Path, modules: Iterable[str]) -> InstalledImporters:
    """:func:`installed_importers`, with the top-level names of the importing code."""
    wanted = set(modules)
    sites = environment_sites(python)
    # a top-level package the environment holds a copy of resolves there for installed code, not to the checkout
    tops = {
        top
        for top in {module.partition(".")[0] for module in wanted}
        if not any((site / top).is_dir() or (site / f"{top}.py").is_file() for site in sites)
    }
    wanted = {module for module in wanted if module.partition(".")[0] in tops}
    if not wanted:
        return InstalledImporters({}, {})
    screen = re.compile(rb"\b(?:" + b"|".join(re.escape(top.encode()) for top in sorted(tops)) + rb")\b")
    found: dict[str, list[str]] = {}
    packages: dict[str, set[str]] = {}
    parsed = 0
    checkout = os.path.realpath(root) + os.sep
    # each source: its base, its name, its files, and the package its base is (an editable finder's directory)
    sources: list[tuple[Path, str, list[PurePosixPath], str]] = []
    for site in sites:
        sources += [(site, name, files, "") for name, files in _distributions(site)]
        budget = MAX_SOURCE_FILES
        for directory in _editable_sources(site, checkout):
            files = _source_files(directory, budget)
            budget -= len(files)
            sources.append((directory, f"editable {directory.name}", files, directory.name))
    for base, name, files, package in sources:
        inside = os.path.realpath(base) + os.sep
        for rel in files:
            if rel.parts[0] in tops or parsed > MAX_PARSED:
                continue
            path = base / rel
            try:
                if not os.path.realpath(path).startswith(inside):  # a directory link leading out
                    continue
                data = read_regular(path, MAX_MODULE)
                if not screen.search(data):
                    continue
                parsed += len(data)
                tree = parse_python(data, str(rel))
            except (OSError, ValueError, Unparsable):
                continue
            for module, line in _named(tree):
                if module in wanted:
                    found.setdefault(module, []).append(f"{name}: {rel.as_posix()}:{line}")
                    # ``strawberry/fastapi/router.py`` is imported as ``strawberry...``; a finder's ``use.py`` as
                    # its package's (``other``), and maybe as ``use`` (a .pth's directory of modules)
                    first = rel.parts[0].removesuffix(".py")
                    packages.setdefault(module, set()).update(p for p in (first, package) if p.isidentifier())
    return InstalledImporters(
        {module: sorted(set(where), key=where.index) for module, where in found.items()}, packages
    )
