"""A second real package renamed with ``apply`` proved by its own suite (issue 13): markupsafe's sdist from
the registry (downloaded at test time, never committed). Its conftest imports the renamed module by name
and its tests run against the checkout (``src`` first on the path), never an installed markupsafe.
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

MARKUPSAFE = ("markupsafe", "3.0.3")
GIT = ["git", "-c", "user.email=test@example.invalid", "-c", "user.name=Guardian Test"]
IGNORED = {".git", ".guardian", "__pycache__", ".pytest_cache"}


def guardian(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, (
        f"guardian {' '.join(args)}: {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    )
    return run


def suite(repo: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=repo,
        env=env,
        check=False,
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


def test_markupsafe_renamed_each_batch_proved_by_its_suite_revert_exact(sdist, tmp_path: Path) -> None:
    repo = tmp_path / "markupsafe"
    shutil.copytree(sdist(*MARKUPSAFE), repo)
    (repo / "guardian.toml").write_text(
        'source_roots = ["src"]\nexempt = ["**/__init__.py", "tests/**", "docs/**"]\n[workflows]\n"src/**" = 1\n'
        f'[validate]\ntests = "python -m pytest -q tests"\npython = {json.dumps(sys.executable)}\n'
    )
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "markupsafe sdist"], cwd=repo, check=True)
    original = snapshot(repo)
    before = suite(repo)
    assert "passed" in before and "failed" not in before

    plan = json.loads(guardian(repo, "--json", "plan").stdout)
    assert [r["old"] for b in plan["batches"] for r in b["renames"]] == ["src/markupsafe/_native.py"]
    report = json.loads(guardian(repo, "--json", "apply", "--all").stdout)
    baseline, *batches = report["tests"]
    assert baseline["step"] == "baseline" and baseline["passed"] == baseline["total"] > 30
    assert [b["status"] for b in batches] == ["proved"] and batches[0]["tests_run"] == baseline["total"]
    assert not (repo / "src/markupsafe/_native.py").exists()
    assert suite(repo) == before

    guardian(repo, "revert", "--all")
    assert snapshot(repo) == original
