"""A test's parameter given to an import call: ``@pytest.mark.parametrize("name", ["mathops", "textops"])`` then
``importlib.import_module(f"pkg.{name}")``, and a fixture's ``@pytest.fixture(params=[...])`` then
``import_module(f"pkg.{request.param}")`` (numpy/scipy/pandas public-API tests; breaker F12, k28 and k78). On main
the parameter's values were not read: the plan said ``unresolved-dynamic-import`` (candidate names not constant)
and kept EVERY module of ``pkg`` alive with a shim, found after apply by every ``pkgutil.walk_packages`` of the
package. The rows are the name's candidates, as a loop's literal tuple is: the plan lists the modules they name,
no hazard, and the package's other modules get no shim. Where the parameter's only use is the string built on it,
the rows (a fixture's ``params`` entries) are rewritten (``"mathops"`` -> ``"WF1_..._mathops"``, a ``computed-path`` on
the row's line) and no module
keeps a shim: the package's own walk test (every walked module names itself) passes after apply.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, PlanJson, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
PARAMETRIZED = """\
import importlib

import pytest


@pytest.mark.parametrize("name", ["mathops", pytest.param("textops", id="text")], ids=["a", "b"])
def test_loads_by_name(name):
    assert importlib.import_module(f"pkg.{name}").__doc__


@pytest.mark.parametrize("name, doubled", [("mathops", 6)])
def test_row_by_position(name, doubled):
    assert importlib.import_module("pkg." + name).double(3) == doubled
"""
FIXTURE = """\
import importlib

import pytest


@pytest.fixture(params=["mathops", "textops"])
def backend(request):
    return importlib.import_module(f"pkg.{request.param}")


def test_backend(backend):
    assert backend.__doc__
"""
WALK = """\
import pkgutil

import pkg


def test_the_unnamed_module_is_walked_once():
    walked = [m.name for m in pkgutil.walk_packages(pkg.__path__, "pkg.")]
    assert len([name for name in walked if name.endswith("fastops")]) == 1
"""
NAMES_ITSELF = """\
import importlib
import pkgutil

import pkg


def test_every_walked_module_names_itself():
    for module in pkgutil.walk_packages(pkg.__path__, "pkg."):
        assert importlib.import_module(module.name).__name__ == module.name
"""


def _package(write_tree: Callable[[dict[str, str]], Path], test: str) -> Path:
    return write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/mathops.py": '"""Math."""\n\n\ndef double(x):\n    return 2 * x\n',
            "pkg/textops.py": '"""Text."""\n',
            "pkg/fastops.py": '"""Fast."""\n',
            "tests/test_by_name.py": test,
            "tests/test_walk.py": WALK,
        }
    )


def _checked(cli: Invoke, repo: Path, passed: str, shimmed: set[str]) -> PlanJson:
    plan, original = planned(cli, repo, passed)
    assert [h for h in plan["hazards"] if "dynamic-import" in h["kind"]] == []
    kept = {
        (rename["old_module"], reference["path"])
        for rename, reference in plan_references(plan)
        if reference["action"].endswith("keep-old-path")
    }
    assert kept == {(module, "tests/test_by_name.py") for module in shimmed}
    applied(cli, repo, passed)
    assert not (repo / "pkg/fastops.py").exists()  # no shim: nothing imports it by its old name
    assert {m for m in ("pkg.mathops", "pkg.textops") if (repo / f"{m.replace('.', '/')}.py").exists()} == shimmed
    reverted(cli, repo, original)
    return plan


def test_parametrize_rows_are_the_candidate_names(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = _package(write_tree, PARAMETRIZED)
    (repo / "tests/test_names_itself.py").write_text(NAMES_ITSELF)
    plan = _checked(cli, repo, "5 passed", set())
    rewritten = {
        (rename["old_module"], reference["line"], reference["kind"])
        for rename, reference in plan_references(plan)
        if reference["path"] == "tests/test_by_name.py"
    }
    assert rewritten == {
        ("pkg.mathops", 6, "computed-path"),
        ("pkg.textops", 6, "computed-path"),
        ("pkg.mathops", 11, "computed-path"),
    }


def test_fixture_params_are_the_candidate_names(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    # ``request.param``'s only use is the string built on it: each entry binds it (as a row binds a test's parameter),
    # rewritten, no shim, and the walk test that a shim's second copy failed passes (planner/param_candidates.py)
    repo = _package(write_tree, FIXTURE)
    (repo / "tests/test_names_itself.py").write_text(NAMES_ITSELF)
    plan = _checked(cli, repo, "4 passed", set())
    rewritten = {(r["old_module"], ref["line"], ref["kind"]) for r, ref in plan_references(plan)}
    assert rewritten == {("pkg.mathops", 6, "computed-path"), ("pkg.textops", 6, "computed-path")}
