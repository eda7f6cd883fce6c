"""Real packages renamed end to end (issue 13): sdists from the registry, downloaded at test time into a
cache outside the repository (never committed).

For each package every non-exempt module is renamed to the V7 convention through the command line
(plan, apply --all with each batch proved by the package's own suite through ``[validate] tests``), the
package's suite must give the same result as before, and ``revert --all`` must give back the checkout
byte for byte, and nothing may be left for manual follow-up. The suites run against the checkout (its
source root first on ``PYTHONPATH``), never an installed copy (click is one of Guardian's own dependencies).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GIT = ["git", "-c", "user.email=test@example.invalid", "-c", "user.name=Guardian Test"]
IGNORED = {".git", ".guardian", "__pycache__", ".pytest_cache"}
CONFIG = """\
source_roots = [{root}]
batch_size = 8
exempt = ["**/__init__.py", "**/__main__.py", "**/conftest.py", "tests/**", "testing/**", "docs/**", "examples/**"]

[workflows]
"{package}/**" = 1

[validate]
tests = "python -m pytest -q {args}"
python = {python}
"""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    root: str  #: the source root ("src" or ".")
    args: str  #: the package's suite, as pytest arguments
    min_passed: int  #: the baseline must pass at least this many tests (the suite really ran)

    @property
    def package_dir(self) -> str:
        return f"{self.root}/{self.name}" if self.root != "." else self.name


PACKAGES = [
    Package("click", "8.1.7", "src", "-o filterwarnings= -p no:randomly tests", 500),
    Package("markupsafe", "3.0.3", "src", "tests", 30),
    Package("tomlkit", "0.15.3", ".", "-p no:randomly tests", 1000),
    Package("pluggy", "1.7.0", "src", "-p no:randomly --ignore=testing/benchmark.py testing", 150),  # pytest's own
    Package("cachetools", "8.0.2", "src", "tests", 400),
    # its modules' own doctests too; iter_find_files' doctest asserts which file name sorts last in the
    # package's directory (``__init__.py`` does after the rename): docs/real-code.md
    Package("boltons", "26.2.0", ".", "--doctest-modules boltons tests -k not(iter_find_files)or(test_)", 600),
]


def guardian(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, (
        f"guardian {' '.join(args)}: {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    )
    return run


def suite(repo: Path, package: Package) -> str:
    """The package's suite against the checkout: pytest's summary counts ("589 passed, ...")."""
    env = {**os.environ, "PYTHONPATH": str(repo / package.root)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *package.args.split()],
        cwd=repo,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
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


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_every_module_renamed_each_batch_proved_suite_unchanged_revert_exact(
    package: Package, sdist, tmp_path: Path
) -> None:
    repo = tmp_path / package.name
    shutil.copytree(sdist(package.name, package.version), repo)
    (repo / "guardian.toml").write_text(
        CONFIG.format(
            root=json.dumps(package.root),
            package=package.package_dir,
            args=package.args,
            python=json.dumps(sys.executable),
        )
    )
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", f"{package.name} sdist"], cwd=repo, check=True)
    original = snapshot(repo)
    before = suite(repo, package)
    assert "passed" in before and " failed" not in before

    plan = json.loads(guardian(repo, "--json", "plan").stdout)
    modules = sorted(
        p.relative_to(repo).as_posix()
        for p in (repo / package.package_dir).rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    )
    assert sorted(r["old"] for b in plan["batches"] for r in b["renames"]) == modules

    report = json.loads(guardian(repo, "--json", "apply", "--all").stdout)
    assert all(b["status"] == "applied" and b["verification"]["ok"] for b in report["batches"])
    baseline, *proofs = report["tests"]  # each batch proved by the package's own suite
    assert baseline["step"] == "baseline" and baseline["passed"] >= package.min_passed
    assert [p["status"] for p in proofs] == ["proved"] * len(report["batches"])
    assert not any((repo / m).exists() for m in modules)
    follow_ups = [m for b in report["batches"] for m in b["manual_follow_up"]]
    assert follow_ups == []  # nothing left for a person: every path in a string, doc or comment rewritten

    assert suite(repo, package) == before  # the same tests pass, fail and skip as before

    guardian(repo, "revert", "--all")
    assert snapshot(repo) == original
    status = subprocess.run([*GIT, "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == ""
