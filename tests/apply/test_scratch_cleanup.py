"""The scratch copy of a killed apply (in /dev/shm it holds memory until reboot) is removed by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.workspace import SCRATCH_PREFIX, Workspace


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_scratch_of_a_dead_process_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    stale = scratch / f"{SCRATCH_PREFIX}{_dead_pid()}-k1ll3d"
    live = scratch / f"{SCRATCH_PREFIX}{os.getppid()}-running"  # a process that is alive (pytest's parent)
    unrelated = scratch / f"{SCRATCH_PREFIX}notapid"
    for directory in (stale, live, unrelated):
        (directory / "pkg").mkdir(parents=True)
        (directory / "pkg/mod.py").write_text("x = 1\n")
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg/mod.py").write_text("x = 1\n")
    monkeypatch.setenv("GUARDIAN_SCRATCH", str(scratch))

    workspace = Workspace(repo, ["pkg/mod.py"])
    try:
        assert not stale.exists()
        assert live.is_dir() and unrelated.is_dir()
        assert workspace.root.parent == scratch and workspace.root.name.startswith(f"{SCRATCH_PREFIX}{os.getpid()}-")
        assert workspace.read_text("pkg/mod.py") == "x = 1\n"  # a file is written when first asked for
        workspace.materialize("pkg/mod.py")
        assert (workspace.root / "pkg/mod.py").read_text() == "x = 1\n"
    finally:
        workspace.close()
    assert not workspace.root.exists()
