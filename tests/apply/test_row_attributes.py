"""A submodule taken as its package's attribute by the fields of a table's row keeps working (issue 13).

``MODS = [("pkg.sub", "mod")]`` then ``for p, a in MODS: getattr(import_module(p), a)``: the module ``pkg.sub.mod``,
once imported, is the attribute ``mod`` of its package; after the rename the package holds the new name only. On
main the plan named no module there (an ``unknown-dynamic-import`` hazard on ``p``, whose values the table holds),
apply left the row, and the suite below lost both tests (``AttributeError: module 'pkg.sub' has no attribute 'mod'``).
The row's attribute string is now a ``getattr`` reference, rewritten to the new base name, as
``getattr(import_module("pkg.sub"), "mod")`` is (planner/record_paths.py's ``row_attributes``). A row naming a package
outside the checkout (``("os", "path")``) is left.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
LOADER = """\
from importlib import import_module

MODS = [("pkg.sub", "mod"), ("pkg.sub", "other"), ("os", "path")]
BY_KEY = {"m": ("pkg.sub", "mod")}


def values():
    return [getattr(import_module(p), a).__name__ for p, a in MODS]


def loaded(key):
    p, a = BY_KEY[key]
    return hasattr(import_module(p), a)
"""
TESTS = """\
import os

import pkg.sub.mod
import pkg.sub.other
from pkg import loader


def test_each_row():
    assert loader.values() == [pkg.sub.mod.__name__, pkg.sub.other.__name__, os.path.__name__]


def test_a_row_by_key():
    assert loader.loaded("m")
"""
FILES = {
    "guardian.toml": CONFIG,
    "pyproject.toml": '[project]\nname = "pkg"\nversion = "0.1"\n',
    "pkg/__init__.py": "",
    "pkg/sub/__init__.py": "",
    "pkg/sub/mod.py": "VALUE = 1\n",
    "pkg/sub/other.py": "VALUE = 2\n",
    "pkg/loader.py": LOADER,
    "tests/test_rows.py": TESTS,
}


def test_a_rows_attribute_field_follows_the_rename(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(FILES)
    plan, original = planned(cli, repo, "2 passed")
    found = sorted(
        (rename["old"], r["line"], r["kind"], r["text"])
        for rename, r in plan_references(plan)
        if r["kind"] == "getattr"
    )
    assert found == [
        ("pkg/sub/mod.py", 3, "getattr", "mod"),
        ("pkg/sub/mod.py", 4, "getattr", "mod"),
        ("pkg/sub/other.py", 3, "getattr", "other"),
    ]
    assert not [h for h in plan["hazards"] if h["path"] == "pkg/loader.py"]  # ``p``'s values are the table's

    applied(cli, repo, "2 passed")
    [mod] = (repo / "pkg" / "sub").glob("WF*_mod.py")
    [other] = (repo / "pkg" / "sub").glob("WF*_other.py")
    [loader] = (repo / "pkg").glob("WF*_loader.py")
    source = snapshot(repo)[f"pkg/{loader.name}"].decode()
    assert f'MODS = [("pkg.sub", "{mod.stem}"), ("pkg.sub", "{other.stem}"), ("os", "path")]' in source
    assert f'BY_KEY = {{"m": ("pkg.sub", "{mod.stem}")}}' in source
    reverted(cli, repo, original)
