"""A relative module path read against a literal package name given second (issue 13, breaker d13).

``import_module(importlib.util.resolve_name(".sub.mod", "pkg"))`` was an ``unknown-dynamic-import`` hazard on main,
nothing listed, and the import failed after the rename; ``import_module("..mod", "pkg.sub.x")`` was rewritten by apply
with nothing listed. Both read the path as ``import_module`` does (planner/module_calls.py's ``RELATIVE_KINDS``): the
plan lists a ``relative-path`` rewrite for each and apply rewrites both strings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**", "pkg/loader.py"]\n\n[workflows]\n"pkg/**" = 1\n'
LOADER = """\
import importlib
import importlib.util
from importlib.util import resolve_name


def resolved():
    return importlib.import_module(importlib.util.resolve_name(".sub.mod", "pkg")).V


def positional():
    return importlib.import_module("..mod", "pkg.sub.x").V


def bare():
    return importlib.import_module(resolve_name(".other", package="pkg.sub")).V
"""
SUITE = """\
from pkg import loader


def test_loader():
    assert (loader.resolved(), loader.positional(), loader.bare()) == (5, 5, 6)
"""


def test_relative_paths_given_a_literal_package(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/loader.py": LOADER,
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "V = 5\n",
            "pkg/sub/other.py": "V = 6\n",
            "tests/test_loader.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "1 passed")
    assert not [h for h in plan["hazards"] if h["kind"].endswith("dynamic-import")]
    listed = {(r["old_module"], ref["line"], ref["kind"], ref["action"]) for r, ref in plan_references(plan)}
    assert listed == {
        ("pkg.sub.mod", 7, "relative-path", "rewrite"),
        ("pkg.sub.mod", 11, "relative-path", "rewrite"),
        ("pkg.sub.other", 15, "relative-path", "rewrite"),
    }
    applied(cli, repo, "1 passed")
    reverted(cli, repo, original)
