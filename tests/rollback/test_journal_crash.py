"""Fault injection with real processes: SIGKILL at every step of apply, revert and recovery.

After each kill, ``guardian recover`` (a fresh process) must leave the tree fully applied or fully
original, byte for byte and mode for mode, with the user's uncommitted edit untouched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import rollback_scenario as scenario
from treeutil import directories, snapshot

from rollback import Journal
from rollback.changes import compute_changes
from rollback.converge import plan_steps

DRIVER = Path(scenario.__file__)


def _step_count() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        scenario.build(root)
        return len(plan_steps(compute_changes(root, "1", scenario.OPERATIONS).records, "after"))


STEPS = _step_count()
APPLY_POINTS = (
    ["after-manifest", "after-blobs", "after-patches"]
    + [f"after-op-{n}" for n in range(1, STEPS + 1)]
    + ["before-final-status", "after-final-status"]
)
REVERT_POINTS = (
    ["revert-after-start"] + [f"revert-after-op-{n}" for n in range(1, STEPS + 1)] + ["revert-before-final-status"]
)


def run_driver(action: str, repo: Path, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("GUARDIAN_CRASH_AT", None)
    if crash_at:
        env["GUARDIAN_CRASH_AT"] = crash_at
    env["PYTHONPATH"] = os.pathsep.join([str(DRIVER.parent), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, str(DRIVER), action, str(repo)], env=env, capture_output=True, text=True, timeout=60
    )


def guardian(repo: Path, *args: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GUARDIAN_CRASH_AT"}
    if crash_at:
        env["GUARDIAN_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The original and the fully applied tree, computed once in-process."""
    root = tmp_path_factory.mktemp("reference")
    scenario.build(root)
    original, original_dirs = snapshot(root), directories(root)
    Journal(root).apply("1", scenario.OPERATIONS)
    return {
        "original": original,
        "original_dirs": original_dirs,
        "applied": snapshot(root),
        "applied_dirs": directories(root),
    }


def _status(repo: Path) -> str:
    return json.loads((repo / ".guardian/journal/1/manifest.json").read_text())["status"]


def _assert_consistent(repo: Path, reference: dict[str, object]) -> str:
    tree = snapshot(repo)
    assert tree[scenario.USER_EDIT[0]][0] == scenario.USER_EDIT[1]
    if tree == reference["original"]:
        assert directories(repo) == reference["original_dirs"]
        state = "original"
    else:
        assert tree == reference["applied"], "the tree is half-way: neither original nor applied"
        state = "applied"
    assert not (repo / ".guardian/journal/1/.staging").exists()
    return state


@pytest.mark.parametrize("crash_at", APPLY_POINTS)
def test_apply_killed_then_recover(tmp_path: Path, reference: dict[str, object], crash_at: str) -> None:
    repo = tmp_path / "repo"
    scenario.build(repo)
    killed = run_driver("apply", repo, crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    recovered = guardian(repo, "recover")
    assert recovered.returncode == 0, recovered.stderr
    state = _assert_consistent(repo, reference)
    if crash_at in ("before-final-status", "after-final-status") or crash_at == f"after-op-{STEPS}":
        assert state == "applied" and _status(repo) == "applied"
    else:
        assert state == "original" and _status(repo) == "failed"
    if crash_at != "after-final-status":
        assert "batch 1:" in recovered.stdout
    again = guardian(repo, "recover")
    assert again.returncode == 0 and "nothing to recover" in again.stdout


@pytest.mark.parametrize("crash_at", REVERT_POINTS)
def test_revert_killed_then_recover(tmp_path: Path, reference: dict[str, object], crash_at: str) -> None:
    repo = tmp_path / "repo"
    scenario.build(repo)
    Journal(repo).apply("1", scenario.OPERATIONS)
    killed = run_driver("revert", repo, crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    recovered = guardian(repo, "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert _assert_consistent(repo, reference) == "original"
    assert _status(repo) == "reverted"


@pytest.mark.parametrize("crash_at", ["after-op-2", "before-final-status"])
def test_startup_check_recovers_before_any_command(tmp_path: Path, reference: dict[str, object], crash_at: str) -> None:
    repo = tmp_path / "repo"
    scenario.build(repo)
    assert run_driver("apply", repo, crash_at).returncode == -signal.SIGKILL
    run = guardian(repo, "revert", "--last")
    assert "guardian: recovered: batch 1:" in run.stderr
    if crash_at == "before-final-status":  # completed by recovery, then reverted by the command
        assert run.returncode == 0, run.stderr
    else:  # rolled back by recovery: nothing left to revert
        assert run.returncode == 2 and "no applied batch" in run.stderr
    assert _assert_consistent(repo, reference) == "original"


def test_recovery_killed_part_way_is_resumed(tmp_path: Path, reference: dict[str, object]) -> None:
    repo = tmp_path / "repo"
    scenario.build(repo)
    assert run_driver("apply", repo, f"after-op-{STEPS - 1}").returncode == -signal.SIGKILL
    assert guardian(repo, "recover", crash_at="recover-after-op-2").returncode == -signal.SIGKILL
    finished = guardian(repo, "recover")
    assert finished.returncode == 0, finished.stderr
    assert _assert_consistent(repo, reference) == "original"


def test_recovery_refuses_when_an_interrupted_file_was_edited(tmp_path: Path, reference: dict[str, object]) -> None:
    repo = tmp_path / "repo"
    scenario.build(repo)
    assert run_driver("apply", repo, "after-op-3").returncode == -signal.SIGKILL
    edited = repo / "src/app/service.py"
    edited.write_bytes(b"# the user's edit after the crash\n")
    refused = guardian(repo, "recover")
    assert refused.returncode == 4
    assert "src/app/service.py (modified)" in refused.stderr and "Traceback" not in refused.stderr
    assert edited.read_bytes() == b"# the user's edit after the crash\n"
    assert _status(repo) == "started"
    blocked = guardian(repo, "revert", "--last")
    assert blocked.returncode == 4 and "src/app/service.py" in blocked.stderr
    edited.write_bytes(scenario.ORIGINAL["src/app/service.py"][0])
    assert guardian(repo, "recover").returncode == 0
    assert _assert_consistent(repo, reference) == "original"
