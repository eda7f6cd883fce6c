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
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from guardian.suite_runs import marked_modules

__all__ = ["installed_entry_points"]

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
