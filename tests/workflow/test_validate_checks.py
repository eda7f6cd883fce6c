"""The checks of ``guardian validate`` on small real trees (real subprocesses, real compile/import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guardian import perf
from guardian.checkout_runs import check_imports, check_tests, command_argv
from guardian.errors import ConfigError
from guardian.leftovers import find_leftovers
from guardian.tracking import CheckRecord
from guardian.validate import baseline_checks, check_compile, check_leftovers, check_naming, check_performance
from planner.config import Config
from planner.scan import scan_repo


def cfg(root: Path, **extra: object) -> Config:
    tests = extra.pop("tests", None)
    return Config(
        root=root,
        source_roots=("src",),
        workflows=(("src/app/**", 1),),
        validate_tests=tests,  # type: ignore[arg-type]
        extra=tuple(sorted(extra.items())),
    )


def test_compile_names_the_broken_file_and_line(write_tree) -> None:
    root = write_tree({"src/app/__init__.py": "", "src/app/ok.py": "x = 1\n", "src/app/bad.py": "x = 1\ndef f(:\n"})
    result = check_compile(cfg(root))
    assert result.status == "fail" and "src/app/bad.py:2:" in result.detail and "1 of 3 files" in result.detail
    (root / "src/app/bad.py").write_text("x = 2\n")
    assert check_compile(cfg(root)).status == "pass"
    assert not list(root.rglob("__pycache__"))  # nothing written into the checkout


def test_imports_run_the_checkout_never_an_installed_copy(write_tree) -> None:
    # `click` is installed in Guardian's environment; the checkout's own `click` must be what is imported.
    root = write_tree(
        {
            "src/click/__init__.py": "raise RuntimeError('this is the checkout copy')\n",
            "src/app/__init__.py": "",
            "src/app/fine.py": "import json\n",
        }
    )
    result = check_imports(cfg(root), ["app", "app.fine", "click"])
    assert result.status == "fail"
    assert result.metrics["failures"] == {"click": "RuntimeError: this is the checkout copy (src/click/__init__.py:1)"}
    (root / "src/click/__init__.py").write_text("VERSION = 'checkout'\n")
    assert check_imports(cfg(root), ["app", "app.fine", "click"]).status == "pass"
    assert not list(root.rglob("__pycache__"))


def test_imports_and_tests_run_in_the_configured_target_python(write_tree, tmp_path: Path) -> None:
    # requests' modules import urllib3, installed in its target environment (`[validate] python`) and not in
    # Guardian's: every module failed validate's import check, and its tests ran in Guardian's interpreter
    env = tmp_path / "target-env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    [site] = (env / "lib").glob("python*/site-packages")
    (site / "guardian_probe_dependency.py").write_text("VALUE = 1\n")
    root = write_tree({"src/app/__init__.py": "", "src/app/uses.py": "import guardian_probe_dependency\n"})
    failed = check_imports(cfg(root), ["app", "app.uses"])
    assert failed.status == "fail" and "guardian_probe_dependency" in failed.detail
    target = cfg(root, validate={"python": str(env / "bin" / "python")}, tests="python -m pytest -q")
    assert check_imports(target, ["app", "app.uses"]).status == "pass"
    assert command_argv(target) == [str(env / "bin" / "python"), "-m", "pytest", "-q"]
    assert command_argv(cfg(root, tests="python -m pytest -q")) == [sys.executable, "-m", "pytest", "-q"]


def test_import_of_a_module_that_exits_is_a_failure_not_a_crash(write_tree) -> None:
    root = write_tree({"src/app/__init__.py": "", "src/app/quits.py": "import sys\nsys.exit(3)\n"})
    result = check_imports(cfg(root), ["app", "app.quits"])
    assert result.status == "fail" and "SystemExit: 3" in result.metrics["failures"]["app.quits"]


def test_tests_check_runs_the_configured_command_in_the_repo(write_tree) -> None:
    root = write_tree({"src/app/__init__.py": "", "marker.txt": "here\n"})
    good = check_tests(
        cfg(root, tests="python -c \"import pathlib,sys; sys.exit(0 if pathlib.Path('marker.txt').exists() else 1)\"")
    )
    assert good.status == "pass" and good.metrics["seconds"] > 0
    bad = check_tests(cfg(root, tests="python -c \"import sys; print('2 failed'); sys.exit(1)\""))
    assert bad.status == "fail" and "exit 1: 2 failed" in bad.detail
    assert check_tests(cfg(root)).status == "skip"
    assert command_argv(cfg(root, tests="python -m pytest -q"))[0] == sys.executable
    with pytest.raises(ConfigError, match="validate.tests"):
        command_argv(cfg(root, tests="python -c 'unbalanced"))


def test_naming_check_reports_noncompliant_modules(write_tree) -> None:
    root = write_tree({"src/app/__init__.py": "", "src/app/WF1_V7_L1_1of1_models.py": "", "src/app/views.py": ""})
    config = cfg(root, **{"layers": ()})
    result = check_naming(config, scan_repo(config))
    assert result.status == "fail" and "src/app/views.py" in result.detail and result.metrics["percent"] < 100


LEFTOVER_TREE = {
    "src/app/__init__.py": "from . import WF1_models\n",
    "src/app/WF1_models.py": "X = 1\n",
    "src/app/service.py": "from . import models\nfrom .WF1_models import X\n",
    "src/app/api.py": "import app.models_extra\nfrom app import WF1_models\n",
    "src/app/models_extra.py": "",
    "tests/test_x.py": "from unittest import mock\nP = mock.patch('app.models.X')\nQ = 'app.modelsX'\nR = 'see app.models'\n",
}


def test_leftovers_find_relative_imports_and_exact_dotted_strings_only(write_tree) -> None:
    root = write_tree(LEFTOVER_TREE)
    found = find_leftovers(cfg(root), {"app.models": "app.WF1_models"})
    assert [f.describe() for f in found] == [
        "src/app/service.py:1: app.models",
        "tests/test_x.py:2: app.models.X (names the renamed app.models)",
    ]
    result = check_leftovers(cfg(root), {"app.models": "app.WF1_models"})
    assert result.status == "fail" and result.detail.startswith("2 reference(s)")
    (root / "src/app/service.py").write_text("from .WF1_models import X\n")
    (root / "tests/test_x.py").write_text("Q = 'app.modelsX'\n")
    assert check_leftovers(cfg(root), {"app.models": "app.WF1_models"}).status == "pass"
    assert check_leftovers(cfg(root), {}).status == "skip"


def test_performance_against_a_baseline(write_tree) -> None:
    root = write_tree({"src/app/__init__.py": "import time\nx = sum(range(10))\n"})
    config = cfg(root, tests='python -c "pass"')
    scan = scan_repo(config)
    baseline = baseline_checks(config, scan)
    assert [b.check for b in baseline] == ["imports", "import-time", "test-time"]
    measured = baseline[1].metrics["seconds"]["app"]
    assert 0 <= measured < 5  # a trivial import, rounded, may measure 0.0 (seen on 3.13 in CI)
    tests = CheckRecord("tests", "pass", "", {"seconds": 0.5}, 0.5)
    assert check_performance(config, scan, baseline, tests, {}).status == "pass"
    (root / "src/app/__init__.py").write_text("import time\ntime.sleep(0.3)\n")  # a real import-time regression
    slow = check_performance(config, scan, baseline, tests, {})
    assert slow.status == "fail" and slow.metrics["regressions"] == ["app"]
    assert check_performance(config, scan, None, tests, {}).status == "skip"
    with pytest.raises(ConfigError, match="perf_threshold"):
        perf.threshold(cfg(root, validate={"perf_threshold": 0.5}))


@pytest.mark.skipif(not Path("/proc/self/schedstat").is_file(), reason="no run-queue delay to read (not Linux)")
def test_waiting_for_a_cpu_is_not_import_time(write_tree, monkeypatch) -> None:
    """An import that computes for 0.2 s of CPU, measured while busy loops (four per core) keep
    every core taken: its wall time grows with the load, the measured time does not."""
    import os
    import subprocess
    import time

    compute = "import time\nend = time.process_time() + 0.2\nwhile time.process_time() < end:\n    pass\n"
    root = write_tree({"src/busy/__init__.py": compute})
    config = cfg(root, tests='python -c "pass"')
    monkeypatch.setattr(perf, "RUNS", 1)  # one warm-up, one measured run: the hogs cost the suite time
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(4 * (os.cpu_count() or 1))]
    try:
        time.sleep(0.2)
        measured = perf.import_times(config, ["busy"])["busy"]
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", compute], check=True)
        wall = time.perf_counter() - started
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert isinstance(measured, float)
    assert wall > 0.4, f"the load did not slow a 0.2 s computation down ({wall:.2f} s): nothing to show"
    assert 0.15 < measured < 0.35, (measured, wall)


def test_regressions_need_both_ratio_and_absolute_slack() -> None:
    assert perf.regressions({"a": 0.010}, {"a": 0.030}, 1.5, 0.05) == []  # 3x but 20 ms: noise
    assert [r.what for r in perf.regressions({"a": 0.10}, {"a": 0.20}, 1.5, 0.05)] == ["a"]
    assert perf.regressions({"a": 0.10}, {"a": 0.14}, 1.5, 0.01) == []


def test_naming_counts_shims_apart(write_tree) -> None:
    from codemods.shims import shim_source

    root = write_tree(
        {
            "src/app/__init__.py": "",
            "src/app/WF1_V7_L1_1of1_models.py": "",
            "src/app/models.py": shim_source("app.models", "app.WF1_V7_L1_1of1_models"),
        }
    )
    config = cfg(root, **{"layers": ()})
    result = check_naming(config, scan_repo(config))
    assert (
        result.metrics["shims"] == ["src/app/models.py"] and "src/app/models.py" not in result.metrics["noncompliant"]
    )
    assert "1 compatibility shim(s)" in result.detail


def test_leftovers_ignore_a_package_attribute_that_shadows_the_old_submodule(write_tree) -> None:
    # sympy's hazard: `from shop.core import config` imports the function the package re-exports
    root = write_tree(
        {
            "src/app/__init__.py": "from .WF1_config import config\nfrom . import WF1_config\n",
            "src/app/WF1_config.py": "def config():\n    return 1\n",
            "src/app/user.py": "from app import config\n",
            "src/app/other.py": "from . import config\nimport app.config\n",
        }
    )
    found = find_leftovers(cfg(root), {"app.config": "app.WF1_config"})
    assert [f.describe() for f in found] == ["src/app/other.py:2: app.config"]


def test_a_module_that_never_imported_does_not_fail_validate(write_tree) -> None:
    """click's Windows-only ``_winconsole`` fails to import on Linux before any rename: validate reports
    it against the baseline instead of failing; a module broken since does fail."""
    root = write_tree(
        {"src/app/__init__.py": "", "src/app/winonly.py": "import msvcrt\n", "src/app/WF1_V7_L1_1of1_ok.py": ""}
    )
    config = cfg(root)
    scan = scan_repo(config)
    baseline = baseline_checks(config, scan)
    assert baseline[0].status == "skip" and set(baseline[0].metrics["failures"]) == {"app.winonly"}
    known = {"app.winonly": "ModuleNotFoundError"}
    result = check_imports(config, sorted(scan.modules), known)
    assert result.status == "pass" and "failed already before the migration: app.winonly" in result.detail
    (root / "src/app/WF1_V7_L1_1of1_ok.py").write_text("raise RuntimeError('broken by a rename')\n")
    broken = check_imports(config, sorted(scan.modules), known)
    assert broken.status == "fail" and "app.WF1_V7_L1_1of1_ok" in broken.detail


def test_tests_check_puts_the_source_roots_first_as_the_proof_does(write_tree) -> None:
    # a src layout that is not installed: its tests import the package from the checkout, as apply's proof runs them
    root = write_tree({"src/app/__init__.py": "", "src/app/core.py": "VALUE = 7\n"})
    record = check_tests(cfg(root, tests='python -c "import app.core, sys; sys.exit(0 if app.core.VALUE == 7 else 1)"'))
    assert record.status == "pass", record.detail
