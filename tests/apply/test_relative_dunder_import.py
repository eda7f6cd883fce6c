"""A relative ``__import__`` (breaker's finding 9): ``__import__("helper", globals(), None, ["x"], 1)`` names
``pkg.helper``, relative to the package of the ``globals()`` it is given, as ``from . import helper`` would; a level of
2 from ``pkg/sub/deep.py`` names it too. Nothing was listed (the name was read as the absolute ``helper``), apply left
it, and the import raised ``ModuleNotFoundError: No module named 'pkg.helper'``. The plan lists it as a
``relative-path`` and apply rewrites the name below the package, by one rule (planner/import_calls.py's
``import_level``): before and after are shown below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
LAZY = """\
def get():
    return __import__("helper", globals(), None, ["x"], 1)


def keyword():
    return __import__("helper", globals=globals(), fromlist=("x",), level=1)
"""
DEEP = """\
def get():
    return __import__("helper", globals(), None, ["x"], 2)
"""
SUITE = """\
from pkg import lazy
from pkg.sub import deep


def test_relative_dunder_import():
    assert lazy.get().x == 5 and lazy.keyword().x == 5 and deep.get().x == 5
"""


def test_a_relative_dunder_import_follows_the_rename(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/helper.py": "x = 5\n",
            "pkg/lazy.py": LAZY,
            "pkg/sub/__init__.py": "",
            "pkg/sub/deep.py": DEEP,
            "tests/test_lazy.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    (helper,) = (r for r in plan_renames(plan) if r["old_module"] == "pkg.helper")
    assert {(ref["path"], ref["line"], ref["kind"], ref["action"]) for ref in helper["references"]} == {
        ("pkg/lazy.py", 2, "relative-path", "rewrite"),
        ("pkg/lazy.py", 6, "relative-path", "rewrite"),
        ("pkg/sub/deep.py", 2, "relative-path", "rewrite"),
    }
    new = helper["new_module"].rpartition(".")[2]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    lazy = next(repo.glob("pkg/WF*_lazy.py")).read_text()
    assert lazy == LAZY.replace('"helper"', f'"{new}"')
    assert next(repo.glob("pkg/sub/WF*_deep.py")).read_text() == DEEP.replace('"helper"', f'"{new}"')
    assert not (repo / "pkg/helper.py").exists()  # no shim: every use follows the new name
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
