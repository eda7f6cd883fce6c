"""A module path the package builds from its own dotted path and a name checked against constants, given to a
wrapper of ``import_module`` (issue 13, griffe 2.4.1: ``f"griffe._internal.extensions.{import_path}"`` when
``import_path in builtin_extensions``, then ``dynamic_import(import_path)``). Nothing was listed, and after the
rename every built-in extension failed to load. Each candidate naming a module is a ``computed-import`` now, kept
alive with a shim; a path whose name is not checked against constants (a logger's name) is no reference.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
IMPORTER = """\
import importlib


def dynamic_import(path):
    return importlib.import_module(path)
"""
LOADER = """\
import logging

from pkg.importer import dynamic_import

BUILTIN = {"dataclasses", "typed"}


def load(import_path):
    if import_path in BUILTIN:
        import_path = f"pkg.ext.{import_path}"
    return dynamic_import(import_path).Extension


def logger(name):
    return logging.getLogger(f"pkg.ext.{name}")
"""
SUITE = """\
from pkg.loader import load


def test_builtin_extensions_load_by_their_short_names():
    assert load("dataclasses").kind == "dataclasses"
    assert load("typed").kind == "typed"
"""


def test_a_path_built_from_a_checked_name_is_a_computed_import(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/importer.py": IMPORTER,
            "pkg/loader.py": LOADER,
            "pkg/ext/__init__.py": "",
            "pkg/ext/dataclasses.py": 'class Extension:\n    kind = "dataclasses"\n',
            "pkg/ext/typed.py": 'class Extension:\n    kind = "typed"\n',
            "tests/test_load.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (r["old_module"], ref["path"], ref["line"], ref["kind"], ref["text"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["path"] == "pkg/loader.py"
    }
    assert found == {
        ("pkg.ext.dataclasses", "pkg/loader.py", 10, "computed-import", "dataclasses", "keep-old-path"),
        ("pkg.ext.typed", "pkg/loader.py", 10, "computed-import", "typed", "keep-old-path"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
