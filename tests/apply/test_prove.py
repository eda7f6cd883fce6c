"""``apply`` proved by the project's own tests (issue 13 step 4): a batch that breaks a passing test in a
way no static analysis sees is rolled back and bisected to its culprit; a flaky test is never blamed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, plan_renames, snapshot

from codemods.base import Renames
from guardian.suite_runs import run_tests, selection_argv
from guardian.test_selection import normalise

REGISTRY = '''"""Plugins register themselves under their module's name: invisible to any import graph."""
REGISTRY = {}


def register(module):
    REGISTRY[module.__name__.rpartition(".")[2]] = module
'''
PLUGIN = """import sys

from plug import register

NAME = "{name}"
register(sys.modules[__name__])
"""
TESTS = """from plug import REGISTRY, loader


def test_every_plugin_loaded():
    assert len(REGISTRY) == 4


def test_alpha_through_its_module():
    assert loader.alpha.NAME == "alpha"


def test_gamma_by_its_registered_name():
    assert REGISTRY["gamma"].NAME == "gamma"
"""
FLAKY = """from pathlib import Path

COUNT = Path({count!r})


def test_passes_only_the_first_time():
    runs = int(COUNT.read_text()) if COUNT.exists() else 0
    COUNT.write_text(str(runs + 1))
    assert runs == 0
"""


def _repo(
    root: Path,
    tests: str,
    extra: dict[str, str] | None = None,
    plugins: tuple[str, ...] = ("alpha", "beta", "delta", "gamma"),
) -> Path:
    (root / "plug").mkdir(parents=True)
    (root / "plug" / "__init__.py").write_text(REGISTRY)
    for name in plugins:
        (root / "plug" / f"{name}.py").write_text(PLUGIN.format(name=name))
    (root / "plug" / "loader.py").write_text(f"from plug import {', '.join(plugins)}  # noqa: F401\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_plug.py").write_text(tests)
    for rel, text in (extra or {}).items():
        (root / rel).write_text(text)
    (root / "guardian.toml").write_text(
        f'batch_size = 20\n[validate]\ntests = "python -m pytest -q"\npython = {json.dumps(sys.executable)}\n'
    )
    return committed(root)


def test_a_batch_breaking_a_registry_rolls_back_and_bisection_names_the_one_culprit(
    cli: Invoke, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "repo", TESTS)
    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    [batch] = plan["batches"]
    assert len(batch["renames"]) == 5  # four plugins and the loader, one batch
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", code=3)
    assert snapshot(repo) == before  # rolled back through the journal, byte for byte
    gamma = next(r["new_module"] for r in batch["renames"] if r["old_module"] == "plug.gamma")
    assert f"culprit rename(s): plug.gamma -> {gamma};" in result.output
    assert "tests/test_plug.py::test_gamma_by_its_registered_name: KeyError: 'gamma'" in result.output
    assert "test_every_plugin_loaded" not in result.output.partition("failing:")[2]
    assert "tests: baseline 3 passed" in result.output
    assert "bisect step" in result.output
    # the hint, followed literally: the culprit keeps its name, every other module is renamed, the tests pass
    hint = result.output.partition("add ")[2].partition(" to `exempt`")[0]
    assert hint == '"plug/gamma.py"'
    config = repo / "guardian.toml"
    config.write_text(f'exempt = ["**/__init__.py", {hint}]\n' + config.read_text())
    committed(repo)
    cli(repo, "-q", "plan")
    cli(repo, "apply", "--all")
    assert (repo / "plug" / "gamma.py").is_file() and not (repo / "plug" / "alpha.py").exists()


def test_a_rename_that_stops_pytest_from_starting_is_bisected_to_its_culprit(cli: Invoke, tmp_path: Path) -> None:
    """A conftest that needs a plugin by its registered name: after the rename pytest cannot start, no test has
    an outcome, and each counts as "did not run". The bisection counted only failures, so no half broke
    anything and it named every rename of the batch (typeguard's editable plugin, before the proof kept it)."""
    conftest = "from plug import REGISTRY, loader  # noqa: F401\n\nassert 'gamma' in REGISTRY, sorted(REGISTRY)\n"
    repo = _repo(tmp_path / "repo", TESTS, {"tests/conftest.py": conftest})
    cli(repo, "-q", "plan")
    [batch] = json.loads((repo / ".guardian" / "plan.json").read_text())["batches"]
    result = cli(repo, "apply", "--all", code=3)
    gamma = next(r["new_module"] for r in batch["renames"] if r["old_module"] == "plug.gamma")
    assert f"culprit rename(s): plug.gamma -> {gamma};" in result.output
    assert "did not run" in result.output


def test_a_test_failing_without_the_batch_too_is_flaky_and_never_blamed(cli: Invoke, tmp_path: Path) -> None:
    count = tmp_path / "count"
    tests = "from plug import REGISTRY, loader\n\n\ndef test_loaded():\n    assert len(REGISTRY) == 4\n"
    repo = _repo(tmp_path / "repo", tests, {"tests/test_flaky.py": FLAKY.format(count=str(count))})
    cli(repo, "-q", "plan")
    result = cli(repo, "apply", "--all", "--all-tests")
    assert "1 flaky test(s), failing without the batch too (not blamed): tests/test_flaky.py::" in result.output
    assert not (repo / "plug" / "gamma.py").exists()  # the batch stays applied
    cli(repo, "-q", "revert", "--all")


def test_node_ids_follow_the_renames() -> None:
    renames = Renames.of({"pkg.mod": "pkg.WF1_mod", "pkg.models": "pkg.WF1_models"})
    paths = {"tests/test_mod.py": "tests/test_WF1_mod.py"}
    assert (
        normalise("tests/test_mod.py::test_x[pkg.mod]", renames, paths) == "tests/test_WF1_mod.py::test_x[pkg.WF1_mod]"
    )
    assert (
        normalise("tests/test_a.py::T::test[pkg.models_v2-pkg.models]", renames, paths)
        == "tests/test_a.py::T::test[pkg.models_v2-pkg.WF1_models]"
    )
    assert normalise("tests/test_a.py", renames, paths) == "tests/test_a.py"


@pytest.mark.parametrize("command", ["tox -e py", "make test"])
def test_a_test_command_that_is_not_pytest_is_refused(cli: Invoke, tmp_path: Path, command: str) -> None:
    repo = _repo(tmp_path / "repo", TESTS)
    cli(repo, "-q", "plan")
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", "--tests", command, code=2)
    assert "is not a pytest command" in result.output
    assert snapshot(repo) == before


def test_a_baseline_that_passes_no_test_proves_nothing_and_applies_nothing(cli: Invoke, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", TESTS)
    cli(repo, "-q", "plan")
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", "--tests", "python -m pytest -q tests/missing_dir", code=2)
    assert "the baseline test run passed no test (exit " in result.output and "no tests ran" in result.output
    assert snapshot(repo) == before


OTHER = "def test_one():\n    assert 1\n\n\ndef test_two():\n    assert 2\n\n\ndef test_three():\n    assert 3\n"


@pytest.mark.parametrize("command", ["pytest tests -q", "python -m pytest -q tests -k 'not nothing'"])
def test_a_command_naming_the_tests_directory_runs_only_the_selected_tests_after_a_batch(
    cli: Invoke, tmp_path: Path, command: str
) -> None:
    """``pytest tests`` plus the selected files ran the whole ``tests`` directory after every batch (packaging)."""
    tests = "from plug import REGISTRY, loader\n\n\ndef test_loaded():\n    assert len(REGISTRY) == 4\n"
    repo = _repo(tmp_path / "repo", tests, {"tests/test_other.py": OTHER})
    cli(repo, "-q", "plan")
    result = cli(repo, "--json", "apply", "--all", "--tests", command)
    baseline, proof = json.loads(result.output[result.output.index("\n{") :])["tests"]
    assert (baseline["passed"], baseline["total"]) == (4, 4)  # the baseline runs the command as written
    assert (proof["status"], proof["tests_run"]) == ("proved", 1)  # tests/test_plug.py alone, not test_other's 3


def test_the_selection_drops_only_test_paths_and_keeps_options_and_their_values(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("")
    argv = ["py", "-m", "pytest", "-q", "-k", "tests", "--ignore", "tests/test_a.py", "tests"]
    argv += ["tests/test_a.py::test_x", "--rootdir=tests", "-p", "no:warnings", "not_a_path"]
    assert selection_argv(argv, tmp_path) == [
        *["py", "-m", "pytest", "-q", "-k", "tests", "--ignore", "tests/test_a.py"],
        *["--rootdir=tests", "-p", "no:warnings", "not_a_path"],
    ]
    wrapper = ["./run-tests.sh", "tests"]  # no pytest word: run as written
    assert selection_argv(wrapper, tmp_path) == wrapper


#: Passes only inside a pytest-xdist worker: proves the suite really ran under ``-n``.
IN_WORKER = """import os


def test_runs_in_an_xdist_worker():
    assert os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw")
"""


def _env_without_xdist(root: Path) -> str:
    """A real virtual environment (no pip) that holds pytest and its dependencies, and not pytest-xdist."""
    import importlib.util
    import venv

    venv.create(root, with_pip=False, symlinks=True)
    [site] = root.glob("lib/python*/site-packages")
    for name in ("pytest", "_pytest", "py", "pluggy", "iniconfig", "packaging", "pygments"):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        origin = Path(spec.origin)
        (site / (origin.parent.name if origin.name == "__init__.py" else origin.name)).symlink_to(
            origin.parent if origin.name == "__init__.py" else origin
        )
    return str(root / "bin" / "python")


@pytest.mark.slow  # seven suite runs, each starting two xdist workers: 30-90 s
def test_jobs_runs_the_tests_under_xdist_and_the_bisection_still_names_the_culprit(cli: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("xdist")  # the target environment here is this one, which has pytest-xdist
    tests = TESTS.replace("len(REGISTRY) == 4", "len(REGISTRY) == 2").replace("loader.alpha", "loader.delta")
    tests = tests.replace('== "alpha"', '== "delta"')
    repo = _repo(tmp_path / "repo", tests, {"tests/test_worker.py": IN_WORKER}, plugins=("delta", "gamma"))
    cli(repo, "-q", "plan")
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", "--jobs", "2", code=3)
    assert "running tests serially" not in result.output and ", pytest-xdist -n 2)" in result.output
    assert "tests: baseline 4 passed, 0 not passing" in result.output  # the worker-only test passed: -n 2
    assert "bisect step 1: re-applying 1 rename(s)" in result.output
    assert snapshot(repo) == before
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    gamma = next(r["new_module"] for r in plan_renames(plan) if r["old_module"] == "plug.gamma")
    assert f"culprit rename(s): plug.gamma -> {gamma};" in result.output  # ids read back from xdist's -rA
    assert "tests/test_plug.py::test_gamma_by_its_registered_name: KeyError: 'gamma'" in result.output


def test_jobs_without_xdist_in_the_target_runs_the_tests_serially_with_a_note(cli: Invoke, tmp_path: Path) -> None:
    tests = "from plug import REGISTRY, loader\n\n\ndef test_loaded():\n    assert len(REGISTRY) == 4\n"
    repo = _repo(tmp_path / "repo", tests, {"tests/test_worker.py": IN_WORKER})
    python = _env_without_xdist(tmp_path / "env")
    config = (repo / "guardian.toml").read_text().replace(json.dumps(sys.executable), json.dumps(python))
    (repo / "guardian.toml").write_text(config)
    cli(repo, "-q", "plan")
    result = cli(repo, "--json", "apply", "--all", "--jobs", "2")  # `-n 2` given to pytest would fail the baseline
    baseline, proof = json.loads(result.output[result.output.index("\n{") :])["tests"]
    assert baseline == {
        "step": "baseline",
        "passed": 1,
        "total": 2,  # the worker-only test failed: the suite ran serially
        "seconds": baseline["seconds"],
        "jobs": 1,
        "note": "pytest-xdist is not installed in the target environment; running tests serially",
    }
    assert proof["status"] == "proved"
    assert not (repo / "plug" / "gamma.py").exists()


def test_outcomes_come_from_the_short_summary_without_the_passes_captured_output(tmp_path: Path) -> None:
    """``-rA``'s ``P`` (each pass's captured output) makes pytest scan every report once per passing test that
    printed: packaging's 64,000 tests never finished. The runner asks for one summary line per node id only."""
    (tmp_path / "test_x.py").write_text(
        "def test_prints():\n    print('captured')\n\n\n"
        "def test_summary_without_passes_output(pytestconfig):\n"
        "    assert not set(pytestconfig.option.reportchars) & set('AP')\n\n\n"
        "def test_fails():\n    assert False, 'broken'\n"
    )
    run = run_tests([sys.executable, "-m", "pytest", "-q"], tmp_path, timeout=120)
    assert run.passed() == {"test_x.py::test_prints", "test_x.py::test_summary_without_passes_output"}
    assert run.outcomes["test_x.py::test_fails"] == "FAILED" and "broken" in run.messages["test_x.py::test_fails"]


def test_outcomes_are_read_under_a_coloured_addopts_and_from_ids_holding_brackets(tmp_path: Path) -> None:
    """wcwidth's ``addopts`` has ``--color=yes`` (its baseline "passed no test"), and its parameter ids hold
    terminal sequences such as ``\\x1b]0;title``: its ids were cut at that ``]`` and merged."""
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --color=yes\n")
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n\n"
        '@pytest.mark.parametrize("text", ["\\x1b]0;a", "\\x1b]0;b", "[x] - y"])\n'
        "def test_p(text):\n    assert text\n\n\n"
        '@pytest.mark.parametrize("text", ["\\x1b]8;c"])\n'
        "def test_f(text):\n    assert not text, 'x]'\n"
    )
    run = run_tests([sys.executable, "-m", "pytest", "-q"], tmp_path, timeout=120)
    assert run.passed() == {
        "test_x.py::test_p[\\x1b]0;a]",
        "test_x.py::test_p[\\x1b]0;b]",
        "test_x.py::test_p[[x] - y]",
    }
    failed = "test_x.py::test_f[\\x1b]8;c]"
    assert run.outcomes[failed] == "FAILED" and run.messages[failed].startswith("AssertionError: x]")


# a file name in a string is a reference Guardian rewrites (lark): the doctest tests its file's name's start
OWN_DOCTEST = '''"""Names its own file.

>>> import os
>>> os.path.basename(__file__).startswith("names")
True
"""
'''


def test_a_renamed_module_whose_own_doctests_the_suite_collects_is_selected_and_proved(
    cli: Invoke, tmp_path: Path
) -> None:
    """``pytest --doctest-modules`` collects a package module's own doctests (boltons): after its rename they
    run from its new path and are proved like a test file's, though no test imports the module."""
    tests = "from plug import REGISTRY, loader\n\n\ndef test_loaded():\n    assert len(REGISTRY) == 4\n"
    repo = _repo(tmp_path / "repo", tests, {"plug/names.py": OWN_DOCTEST})
    cli(repo, "-q", "plan")
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", "--tests", "python -m pytest -q --doctest-modules plug tests", code=3)
    assert snapshot(repo) == before
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    new = next(r["new"] for r in plan_renames(plan) if r["old_module"] == "plug.names")
    assert "culprit rename(s): plug.names -> " in result.output
    assert f" {new}::plug.WF1_" in result.output.partition("failing:")[2]  # its doctest, by its new id


FIRST = "import builtins\n\nfrom plug import loader  # noqa: F401\n\nbuiltins.PLUG_READY = True\n\n\ndef test_first():\n    pass\n"
SECOND = "import builtins\n\nfrom plug import loader  # noqa: F401\n\nassert builtins.PLUG_READY\n\n\ndef test_second():\n    pass\n"


def test_a_selection_runs_its_files_in_the_baseline_collection_order(cli: Invoke, tmp_path: Path) -> None:
    """Markdown's test_legacy.py turns warnings into errors at import, which breaks the collection of a file
    collected after it: the command orders its files, and the selection ran them sorted by name instead."""
    repo = _repo(tmp_path / "repo", "", {"tests/test_z_first.py": FIRST, "tests/test_a_second.py": SECOND})
    (repo / "tests" / "test_plug.py").unlink()
    committed(repo)
    cli(repo, "-q", "plan")
    command = "python -m pytest -q tests/test_z_first.py tests/test_a_second.py"
    result = cli(repo, "--json", "apply", "--all", "--tests", command)
    baseline, proof = json.loads(result.output[result.output.index("\n{") :])["tests"]
    assert baseline["passed"] == 2
    assert (proof["status"], proof["tests_run"]) == ("proved", 2)
    assert "flaky" not in result.output


#: A test that reaches a plugin only through a process: ``python -m plug.NAME``, the name completed by a script
#: (breaker B21: no import, no reference Guardian can read, so no test was selected and the break went unseen)
RUN_SCRIPT = 'exec "$1" -m "plug.$2"\n'
THROUGH_A_PROCESS = """import subprocess
import sys


def test_delta_runs_as_a_program():
    subprocess.run(["sh", "run.sh", sys.executable, "delta"], check=True)
"""


def test_a_test_starting_a_process_proves_every_batch(cli: Invoke, tmp_path: Path) -> None:
    tests = "from plug import REGISTRY, loader\n\n\ndef test_loaded():\n    assert len(REGISTRY) == 4\n"
    extra = {"run.sh": RUN_SCRIPT, "tests/test_programs.py": THROUGH_A_PROCESS}
    repo = _repo(tmp_path / "repo", tests, extra)
    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    delta = next(r["new_module"] for r in plan_renames(plan) if r["old_module"] == "plug.delta")
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", code=3)
    assert snapshot(repo) == before  # rolled back: the process test is in every batch's proof
    assert f"culprit rename(s): plug.delta -> {delta};" in result.output
    assert "tests/test_programs.py::test_delta_runs_as_a_program" in result.output.partition("failing:")[2]
