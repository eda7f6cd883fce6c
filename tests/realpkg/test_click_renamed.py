"""A real package renamed end to end: click's sdist from the registry (downloaded at test time into a
cache outside the repository, never committed).

Every non-exempt module of ``src/click`` is renamed to the V7 convention through the command line
(plan, apply --all, each batch proved by click's own suite through ``[validate] tests``), click's own
test suite must give the same result as before, and
``revert --all`` must give back the checkout byte for byte. The tests run against the checkout
(``PYTHONPATH=src``), never the click installed in this environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CLICK = ("click", "8.1.7")
CONFIG = """\
source_roots = ["src"]
batch_size = 8
exempt = ["**/__init__.py", "**/__main__.py", "**/conftest.py", "tests/**", "docs/**", "examples/**"]

[workflows]
"src/click/**" = 1

[validate]
tests = "python -m pytest -q -o filterwarnings= -p no:randomly tests"
python = {python}
"""
GIT = ["git", "-c", "user.email=test@example.invalid", "-c", "user.name=Guardian Test"]
IGNORED = {".git", ".guardian", "__pycache__", ".pytest_cache"}


def guardian(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args], capture_output=True, text=True, timeout=600
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, (
        f"guardian {' '.join(args)}: {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    )
    return run


def click_tests(repo: Path) -> str:
    """Run click's suite against the checkout; returns pytest's summary counts ("589 passed, ...")."""
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "filterwarnings=",
            "-p",
            "no:randomly",
            "tests",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = re.findall(r"(\d+ (?:passed|failed|skipped|xfailed|xpassed|errors?))", run.stdout)
    assert summary, run.stdout[-3000:]
    return ", ".join(summary)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not IGNORED.intersection(p.relative_to(root).parts)
    }


def test_click_every_module_renamed_tests_unchanged_revert_exact(sdist, tmp_path: Path) -> None:
    repo = tmp_path / "click"
    shutil.copytree(sdist(*CLICK), repo)
    (repo / "guardian.toml").write_text(CONFIG.format(python=json.dumps(sys.executable)))
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "click sdist"], cwd=repo, check=True)
    original = snapshot(repo)
    baseline = click_tests(repo)
    assert "passed" in baseline and " failed" not in baseline

    plan = json.loads(guardian(repo, "--json", "plan").stdout)
    modules = sorted(p for p in (repo / "src/click").glob("*.py") if p.name != "__init__.py")
    renamed = {r["old"] for b in plan["batches"] for r in b["renames"]}
    assert renamed == {p.relative_to(repo).as_posix() for p in modules}

    # each batch proved by click's own suite ([validate] tests): the baseline, then the affected tests
    report = json.loads(guardian(repo, "--json", "apply", "--all").stdout)
    assert all(b["status"] == "applied" and b["verification"]["ok"] for b in report["batches"])
    proof = report["tests"]
    assert proof[0]["step"] == "baseline" and proof[0]["passed"] > 500
    assert [p["status"] for p in proof[1:]] == ["proved"] * len(report["batches"])
    for path in modules:
        assert not path.exists()
    assert len([p for p in (repo / "src/click").glob("WF1_V7_L*_*of*_*.py")]) == len(modules)

    assert click_tests(repo) == baseline  # the same tests pass, fail and skip as before

    guardian(repo, "revert", "--all")
    assert snapshot(repo) == original
    status = subprocess.run([*GIT, "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == ""
