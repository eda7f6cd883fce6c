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
installed distribution's record (``RECORD``) lists its files, and each ``.py`` file (4 MiB at most)
holding a top-level name of the checkout as a word is parsed with ``ast``, never imported. A
top-level package the environment holds a copy of (an installed copy beside the checkout's) does not count:
installed code imports that copy. Nor does a file inside the checkout (an editable install's paths). A limit on the files read keeps a
hostile environment from costing more than a large real one.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["environment_sites", "installed_importers"]

#: Files read at most in one environment, and bytes per file (a large real environment holds about 30,000
#: Python files, of which a few hundred name a given package).
MAX_FILES = 200_000
MAX_BYTES = 4 << 20
_SITES = ("lib/python3*/site-packages", "lib64/python3*/site-packages", "lib/python3*/dist-packages")


def environment_sites(python: str) -> list[Path]:
    """The ``site-packages`` directories of the environment whose interpreter is ``python`` (``<prefix>/bin/
    python``, not resolved: a virtual environment's interpreter is a link to its base's)."""
    prefix = Path(python).parent.parent
    return sorted({site for pattern in _SITES for site in prefix.glob(pattern) if site.is_dir()})


def _imported(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every absolute dotted name an import statement of ``tree`` names, with its line (``from a.b import c``:
    ``a.b`` and ``a.b.c``, as ``c`` may be a submodule)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module, node.lineno
            yield from ((f"{node.module}.{a.name}", node.lineno) for a in node.names if a.name != "*")


def _read(path: str) -> bytes | None:
    """A regular file's bytes, ``None`` past :data:`MAX_BYTES`; a FIFO or a device is never waited on."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    return None if len(data) > MAX_BYTES else data


def installed_importers(python: str, root: Path, modules: Iterable[str]) -> dict[str, list[str]]:
    """The ``modules`` (dotted, of the checkout) that import statements of the target environment's installed
    distributions name, each with where: ``{"fastapi.datastructures": ["strawberry-graphql:
    strawberry/fastapi/router.py:15"]}``. An environment that cannot be read gives none."""
    wanted = set(modules)
    sites = environment_sites(python)
    # a top-level package the environment holds a copy of resolves there for installed code, not to the checkout
    tops = sorted(
        top
        for top in {module.partition(".")[0] for module in wanted}
        if not any((site / top).is_dir() or (site / f"{top}.py").is_file() for site in sites)
    )
    wanted = {module for module in wanted if module.partition(".")[0] in tops}
    if not wanted:
        return {}
    screen = re.compile(rb"\b(?:" + b"|".join(re.escape(top.encode()) for top in tops) + rb")\b")
    checkout = os.path.realpath(root) + os.sep
    inside = tuple(os.path.realpath(site) + os.sep for site in sites)  # an environment kept in the checkout (.venv)
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for dist in importlib.metadata.distributions(path=[str(site) for site in sites]):
        try:
            files = [f for f in dist.files or () if f.suffix == ".py" and f.parts and f.parts[0] not in tops]
            name = dist.metadata["Name"] or "?"
        except Exception:  # a damaged record is the environment's, not a reason to stop
            continue
        for file in files:
            path = os.path.realpath(str(dist.locate_file(file)))
            ours = path.startswith(checkout) and not path.startswith(inside)  # an editable install's paths
            if path in seen or ours or len(seen) >= MAX_FILES:
                continue
            seen.add(path)
            try:
                data = _read(path)
                if data is None or not screen.search(data):
                    continue
                tree = ast.parse(data)
            except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for module, line in _imported(tree):
                if module in wanted:
                    found.setdefault(module, []).append(f"{name}: {file.as_posix()}:{line}")
    return found
