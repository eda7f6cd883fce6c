"""A module path an import builds from parts that are all known (issue 13, shape13): ``import_module(__name__ +
".alpha")`` in a package's ``__init__``, ``import_module(PKG + ".beta")`` with ``PKG = "pkg"``,
``".".join([__name__, "gamma"])``, ``f"{__package__}.epsilon"`` in a submodule. Nothing was listed (the
text named a module, not a package to reach modules below), and after the rename each import raised
``ModuleNotFoundError``. Each folds to one module's path now (planner/computed_paths.py): a ``computed-path``
whose literal part holding the module's name apply rewrites (``".alpha"`` -> ``".WF1_..._alpha"``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, plan_renames, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = """\
import importlib

PKG = "pkg"


def load_alpha():
    return importlib.import_module(__name__ + ".alpha")


def load_beta():
    return importlib.import_module(PKG + ".beta")


def load_gamma():
    return importlib.import_module(".".join([__name__, "gamma"]))
"""
DELTA = """\
import importlib


def sibling():
    return importlib.import_module(f"{__package__}.epsilon")
"""
SUITE = """\
import pkg
from pkg.sub import delta


def test_built_paths():
    assert pkg.load_alpha().A == 1 and pkg.load_beta().B == 2 and pkg.load_gamma().G == 3


def test_sibling():
    assert delta.sibling().E == 5
"""


def test_a_path_built_from_known_parts_keeps_its_module_alive(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/alpha.py": "A = 1\n",
            "pkg/beta.py": "B = 2\n",
            "pkg/gamma.py": "G = 3\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/delta.py": DELTA,
            "pkg/sub/epsilon.py": "E = 5\n",
            "tests/test_built.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (r["old_module"], ref["path"], ref["line"], ref["kind"], ref["action"]) for r, ref in plan_references(plan)
    }
    assert found == {
        ("pkg.alpha", "pkg/__init__.py", 7, "computed-path", "rewrite"),
        ("pkg.beta", "pkg/__init__.py", 11, "computed-path", "rewrite"),
        ("pkg.gamma", "pkg/__init__.py", 15, "computed-path", "rewrite"),
        ("pkg.sub.epsilon", "pkg/sub/delta.py", 5, "computed-path", "rewrite"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


CLOCK_SUITE = """\
from unittest import mock

import pkg.clock


def test_patch_built_path():
    with mock.patch("pkg.%s.time" % "clock") as t, mock.patch("{}.{}.SCALE".format("pkg", "clock"), 3):
        t.time.return_value = 5
        assert pkg.clock.now() == 15
"""


def test_a_patched_path_built_from_known_parts_keeps_its_module_alive(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``mock.patch("pkg.%s.time" % "clock")``: every part known, given to a call that takes a module path. Nothing was
    listed, and after the rename ``pkg`` had no attribute ``clock``; the literal ``"clock"`` is rewritten now."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/clock.py": "import time\n\nSCALE = 1\n\n\ndef now():\n    return time.time() * SCALE\n",
            "tests/test_clock.py": CLOCK_SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (r["old_module"], ref["path"], ref["line"], ref["kind"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["kind"].startswith("computed-")
    }
    assert found == {
        ("pkg.clock", "tests/test_clock.py", 7, "computed-path", "rewrite"),
    }
    (new,) = (r["new_module"] for r in plan_renames(plan))
    cli(repo, "-q", "apply", "--all", "--no-tests")
    # Rope renames the import and its use, the string codemod the literal part that holds the module's name
    tail = new.rpartition(".")[2]
    assert (repo / "tests/test_clock.py").read_text() == CLOCK_SUITE.replace("pkg.clock", new).replace(
        '"clock"', f'"{tail}"'
    )
    assert not (repo / "pkg/clock.py").exists()  # no shim
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
