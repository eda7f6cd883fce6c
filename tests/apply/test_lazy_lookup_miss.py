"""A computed import where a table lookup missed reaches every submodule but the table's names (issue 13, sqlglot).

sqlglot's ``optimizer/__init__.py`` serves a few names from a table and every other one as a submodule:

    target = _LAZY_ATTRS.get(name)
    if target is not None:
        ...  # an attribute of a module the table names
    else:
        value = importlib.import_module(f"{__name__}.{name}")

The table's keys were taken for the candidates of ``name`` (as pydantic's ``_dynamic_imports.get(attr_name)``
gives them, where the import is reached when the lookup found the entry), so no submodule was kept alive: after
``apply --all`` its tests' ``optimizer.pushdown_predicates`` raised ``AttributeError``. Where the import stands on
the miss side of the lookup (the ``else`` of ``is not None``, the body of ``is None`` or ``not v``, an ``except
KeyError`` after ``TABLE[name]``), the table gives no candidates: the import is unresolved, and every submodule it
can reach keeps its old path (a shim).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot

INIT = """\
import importlib

_LAZY_ATTRS = {"optimize": ("pkg.optimizer.core", "optimize")}


def __getattr__(name):
    target = _LAZY_ATTRS.get(name)
    if target is not None:
        module_name, attr = target
        value = getattr(importlib.import_module(module_name), attr)
    else:
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            raise AttributeError(name) from None
    globals()[name] = value
    return value
"""
SUITE = """\
from pkg import optimizer


def test_the_table_and_the_fallback():
    assert optimizer.optimize(1) == 2
    assert optimizer.pushdown.pushdown(3) == 4
"""


def test_an_import_where_the_lookup_missed_keeps_every_submodule(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg/optimizer").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text('exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n')
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/optimizer/__init__.py").write_text(INIT)
    (repo / "pkg/optimizer/core.py").write_text("def optimize(x):\n    return x + 1\n")
    (repo / "pkg/optimizer/pushdown.py").write_text("def pushdown(x):\n    return x + 1\n")
    (repo / "tests/test_api.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {
        rename["old_module"]
        for rename in plan_renames(plan)
        if any(ref["action"] == "keep-old-path" for ref in rename["references"])
    }
    assert kept == {"pkg.optimizer.core", "pkg.optimizer.pushdown"}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/optimizer/pushdown.py").is_file()  # the shim at the old path
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_an_import_where_the_lookup_found_its_entry_takes_the_keys(cli: Invoke, tmp_path: Path) -> None:
    """pydantic's shape: ``if entry is None: return ...`` first, the import after it serves the table's keys only."""
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "guardian.toml").write_text('exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n')
    (repo / "pkg/__init__.py").write_text(
        "import importlib\n\n_TABLE = {'dataclasses': 1}\n\n\ndef __getattr__(name):\n"
        "    entry = _TABLE.get(name)\n    if entry is None:\n        raise AttributeError(name)\n"
        "    return importlib.import_module(f'.{name}', __name__)\n"
    )
    (repo / "pkg/dataclasses.py").write_text("X = 1\n")
    (repo / "pkg/other.py").write_text("Y = 1\n")
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {
        rename["old_module"]
        for rename in plan_renames(plan)
        if any(ref["action"] == "keep-old-path" for ref in rename["references"])
    }
    assert kept == {"pkg.dataclasses"}
