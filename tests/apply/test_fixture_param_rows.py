"""A fixture's ``params`` that name the modules it imports by ``request.param`` follow the rename (review finding:
issue 13, class 1).

``@pytest.fixture(params=["mathops", "textops"])`` whose only use of ``request.param`` is ``import_module(
f"pkg.{request.param}")``: on main the entries were the import's candidates, each kept alive by a shim at its old
path, and the shims were a second copy of each module that discovery of the package found (the suite's
``len(list(pkgutil.iter_modules(pkg.__path__))) == 2`` failed after apply). Each entry now binds ``request.param``
for planner/computed_paths.py's folding, as a ``parametrize`` row binds a test's parameter: the path is exact, a
``computed-path`` rewrite of the entry, and no shim. Where something else may give the fixture its parameter (a
conftest's fixture, which any test file may parametrize ``indirect``; a ``parametrize`` of the file naming it;
``request`` handed to a helper) the entries stay as written and the shims serve them, as before; ``params=MODS``, a
module-level name bound once to a literal list, gives exactly its entries as candidates (on main an
``unresolved-import`` of every module of the package).
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
EXACT = """\
import importlib
import pkgutil

import pytest

import pkg


@pytest.fixture(params=["mathops", pytest.param("textops", id="text")])
def module(request):
    request.addfinalizer(lambda: None)
    return importlib.import_module(f"pkg.{request.param}")


def test_value(module):
    assert module.X == 1


def test_module_count():
    assert len(list(pkgutil.iter_modules(pkg.__path__))) == 2
"""


def test_fixture_params_naming_modules_are_rewritten(cli: Invoke, tmp_path: Path) -> None:
    files = {"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/mathops.py": "X = 1\n", "pkg/textops.py": "X = 1\n"}
    repo = write_files(tmp_path / "repo", files | {"tests/test_pkg.py": EXACT})
    plan, original = planned(cli, repo, "3 passed")
    listed = {(rename["old_module"], ref["kind"], ref["line"]) for rename, ref in plan_references(plan)}
    assert listed == {("pkg.mathops", "computed-path", 9), ("pkg.textops", "computed-path", 9)}
    applied(cli, repo, "3 passed")
    assert not (repo / "pkg/mathops.py").exists() and not (repo / "pkg/textops.py").exists()
    assert '@pytest.fixture(params=["WF1_' in (repo / "tests/test_pkg.py").read_text()
    reverted(cli, repo, original)


CONFTEST = """\
import importlib

import pytest

MODS = ["m1", "m2"]


@pytest.fixture(params=MODS)
def shared(request):
    return importlib.import_module(f"pkg.{request.param}")
"""
KEPT = """\
import importlib

import pytest


def load(request):
    return importlib.import_module(f"pkg.{request.param}")


@pytest.fixture(params=["m3"])
def handed(request):
    return load(request)


@pytest.fixture(params=["m4"])
def overridden(request):
    return importlib.import_module(f"pkg.{request.param}")


@pytest.mark.parametrize("overridden", ["m5"], indirect=True)
def test_overridden(overridden):
    assert overridden.X == 5


def test_each(shared, handed):
    assert shared.X in (1, 2) and handed.X == 3
"""


def test_fixture_params_something_else_may_give_stay(cli: Invoke, tmp_path: Path) -> None:
    files = {f"pkg/m{n}.py": f"X = {n}\n" for n in range(1, 6)}
    files |= {"guardian.toml": CONFIG, "pkg/__init__.py": "", "tests/conftest.py": CONFTEST}
    repo = write_files(tmp_path / "repo", files | {"tests/test_pkg.py": KEPT})
    plan, original = planned(cli, repo, "3 passed")
    assert not [ref for _, ref in plan_references(plan) if ref["kind"] == "computed-path"]
    shared = {
        (rename["old_module"], ref["kind"])
        for rename, ref in plan_references(plan)
        if ref["path"] == "tests/conftest.py"
    }
    assert shared == {("pkg.m1", "computed-import"), ("pkg.m2", "computed-import")}  # params=MODS: exactly those
    applied(cli, repo, "3 passed")
    assert (repo / "tests/conftest.py").read_text() == CONFTEST and (repo / "tests/test_pkg.py").read_text() == KEPT
    assert all("guardian-shim" in (repo / f"pkg/m{n}.py").read_text() for n in range(1, 6))
    reverted(cli, repo, original)
