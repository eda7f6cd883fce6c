"""The checkout's modules that the target environment's installed metadata names by their old paths.

An editable install (``pip install -e .``, tox's ``package = "editable"``) writes the distribution's
metadata into the environment's ``site-packages``, outside the checkout: its ``entry_points.txt`` names
the package's pytest plugin (typeguard: ``pytest11 = typeguard._pytest_plugin``) and its console scripts
(invoke: ``inv = invoke.main:program.run``, and a ``bin/inv`` script that imports it). Guardian writes
nothing outside the checkout, so after a rename pytest cannot start (``Error while loading plugin``) and
``inv`` raises ``ModuleNotFoundError`` until the user reinstalls. Such a module keeps its old path with a
shim, as a module the test runner imports does (guardian/prove.py, ``codemods/keep_alive.py``'s ``outside``).
The target environment runs only in the configured test command's trust zone (docs/trust.md): the proof
reads its metadata after the baseline.

A distribution counts when its metadata lies outside the checkout (the checkout's own ``*.egg-info`` is
rewritten by the rename) and the environment itself resolves the entry point's top-level package into
the checkout: an installed copy of the same package elsewhere is not this checkout's code.

The installed code of other distributions imports the checkout's modules by their old paths too: a
framework's integrations (strawberry-graphql's ``strawberry/fastapi/router.py`` imports
``fastapi.datastructures``), a test runner's plugins, an instrumentation package. When a test imports such
a distribution after the rename, it raises ``ModuleNotFoundError`` (fastapi's whole suite stopped at
collection). :func:`installed_importers` reads, in the target's interpreter, the Python files each installed
distribution outside the checkout records, and lists the checkout's modules their import statements name:
those keep a shim like the entry points' modules. Reading a file runs none of it (``ast``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from guardian.suite_runs import marked_modules

__all__ = ["installed_entry_points", "installed_importers"]

#: Lists each entry point's module of every installed distribution whose metadata is outside the checkout and
#: whose top-level package the environment finds in it. ``-I``: the environment as installed (no ``PYTHONPATH``,
#: not the current directory); ``find_spec`` of a top-level name runs none of the checkout's code.
_SCRIPT = r"""
import importlib.metadata, importlib.util, os, sys
marker, root = sys.argv[1], os.path.realpath(sys.argv[2])
def ours(path):  # the checkout's own files, not an environment kept inside it (a .venv)
    path = os.path.realpath(path) if path else ""
    return path.startswith(root + os.sep) and not {"site-packages", "dist-packages"} & set(path.split(os.sep))
named = set()
for dist in importlib.metadata.distributions():
    if ours(str(getattr(dist, "_path", "") or "")):
        continue
    try:
        named.update(ep.value.partition(":")[0].strip() for ep in dist.entry_points)
    except Exception:
        continue
found = {}
for module in sorted(named):
    top = module.partition(".")[0]
    if top not in found:
        try:
            spec = importlib.util.find_spec(top)
        except Exception:
            spec = None
        places = [] if spec is None else [spec.origin, *(spec.submodule_search_locations or ())]
        found[top] = any(ours(place) for place in places)
    if found[top]:
        print(marker, module)
"""


def installed_entry_points(python: str, root: Path, *, timeout: float = 60.0) -> set[str]:
    """Dotted modules of the checkout that entry points of the target environment's installed metadata
    name (``typeguard._pytest_plugin``, ``invoke.main``). Any failure gives none."""
    marker = f"guardian-installed-entry-point-{secrets.token_hex(8)}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [python, "-I", "-c", _SCRIPT, marker, str(root)]
    return set(marked_modules(command, marker, cwd=root, env=env, timeout=timeout))


#: Lists the modules under the given top-level names that the import statements of the installed distributions
#: outside the checkout name, when the environment finds that top-level package in the checkout. Each file a
#: distribution records is read (4 MiB at most), screened for a top-level name and parsed; nothing
#: installed runs but the interpreter's own ``importlib.metadata``. A distribution's copy of a top-level package
#: itself (an installed copy beside the checkout's) does not count.
_IMPORTERS = r"""
import ast, importlib.metadata, importlib.util, os, re, sys
marker, root, tops = sys.argv[1], os.path.realpath(sys.argv[2]), set(sys.argv[3:])
def ours(path):
    path = os.path.realpath(path) if path else ""
    return path.startswith(root + os.sep) and not {"site-packages", "dist-packages"} & set(path.split(os.sep))
def in_checkout(top):
    try:
        spec = importlib.util.find_spec(top)
    except Exception:
        return False
    return spec is not None and any(ours(p) for p in [spec.origin, *(spec.submodule_search_locations or ())])
tops = {top for top in tops if in_checkout(top)}
if tops:
    names = b"|".join(re.escape(top.encode()) for top in sorted(tops))
    screen = re.compile(rb"\b(?:" + names + rb")\b")
    seen = set()
    for dist in importlib.metadata.distributions():
        if ours(str(getattr(dist, "_path", "") or "")):
            continue
        try:
            files = [f for f in dist.files or () if f.suffix == ".py" and f.parts and f.parts[0] not in tops]
        except Exception:
            continue
        for file in files:
            path = os.path.realpath(str(dist.locate_file(file)))
            if path in seen or ours(path):
                continue
            seen.add(path)
            try:
                if os.path.getsize(path) > 4 << 20:
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
                if not screen.search(data):
                    continue
                tree = ast.parse(data)
            except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    named = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    named = [node.module, *(f"{node.module}.{a.name}" for a in node.names if a.name != "*")]
                else:
                    continue
                for name in named:
                    if name.partition(".")[0] in tops:
                        print(marker, name)
"""


def installed_importers(python: str, root: Path, tops: Iterable[str], *, timeout: float = 120.0) -> set[str]:
    """Dotted names under ``tops`` (the checkout's top-level packages) that import statements of the target
    environment's installed distributions name (``fastapi.datastructures`` from strawberry-graphql), whether
    modules or not: intersect with the renamed modules. Any failure gives none."""
    marker = f"guardian-installed-importer-{secrets.token_hex(8)}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [python, "-I", "-c", _IMPORTERS, marker, str(root), *sorted(set(tops))]
    return set(marked_modules(command, marker, cwd=root, env=env, timeout=timeout))
