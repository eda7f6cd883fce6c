"""A module reached by joining the fields of a table's row keeps working (issue 13, breaker d26).

``BACKENDS = {"mem": ("pkg.backends", "mem")}`` in one module, ``pkgname, mod = BACKENDS[k]`` then
``import_module(pkgname + "." + mod)`` in another: before, the plan's hazard named the modules directly below
``pkg`` (``pkg.backends``, ``pkg.loader``, ``pkg.registry``) and kept those alive, while the module the import
reaches, ``pkg.backends.mem``, was neither named nor kept, and the test was lost after apply. Each row's joined path
is now a ``computed-import`` reference of that module: its old path is kept alive with a shim. The same for a
table of the same file iterated as ``for pkgname, mod in ROWS`` and joined by an f-string.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
LOADER = """\
import importlib

from pkg.registry import BACKENDS


def get(k):
    pkgname, mod = BACKENDS[k]
    return importlib.import_module(pkgname + "." + mod).Backend
"""
LISTED = """\
import importlib

ROWS = [("pkg.backends", "disk")]


def every():
    return [importlib.import_module(f"{pkgname}.{mod}").Backend for pkgname, mod in ROWS]
"""
TEST = """\
from pkg import listed, loader


def test_loader():
    assert loader.get("mem").kind == "mem"


def test_listed():
    assert [b.kind for b in listed.every()] == ["disk"]
"""


def test_paths_joined_from_a_table_row(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pyproject.toml": '[project]\nname = "pkg"\nversion = "0.1"\n',
            "pkg/__init__.py": "",
            "pkg/backends/__init__.py": "",
            "pkg/backends/mem.py": "class Backend:\n    kind = 'mem'\n",
            "pkg/backends/disk.py": "class Backend:\n    kind = 'disk'\n",
            "pkg/registry.py": 'BACKENDS = {"mem": ("pkg.backends", "mem")}\n',
            "pkg/loader.py": LOADER,
            "pkg/listed.py": LISTED,
            "tests/test_backends.py": TEST,
        }
    )
    committed(repo)
    original = snapshot(repo)

    def tests() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        return subprocess.run(command, cwd=repo, capture_output=True, text=True)

    assert tests().returncode == 0
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for r in plan_renames(plan)}
    assert [(r["path"], r["line"], r["kind"]) for r in found["pkg/backends/mem.py"]] == [
        ("pkg/loader.py", 8, "computed-import")
    ]
    assert [(r["path"], r["line"], r["kind"]) for r in found["pkg/backends/disk.py"]] == [
        ("pkg/listed.py", 7, "computed-import")
    ]
    assert not [h for h in plan["hazards"] if "dynamic-import" in h["kind"]], plan["hazards"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg" / "backends" / "mem.py").read_text().startswith("class"), "renamed, a shim left"
    run = tests()
    assert run.returncode == 0, run.stdout
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
