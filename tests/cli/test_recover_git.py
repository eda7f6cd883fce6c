"""A revert killed half-way, then `guardian recover`: the tree and git's index are as committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def run(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **(env or {})},
    )


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def test_recovered_revert_leaves_git_clean(write_tree):
    repo = write_tree(
        {
            "guardian.toml": "batch_size = 10\n",
            "pkg/__init__.py": "",
            "pkg/a.py": "X = 1\n",
            "pkg/b.py": "from pkg import a\nY = a.X\n",
            "pkg/c.py": "import pkg.b\nZ = pkg.b.Y\n",
        }
    )
    git(repo, "init", "-q")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    assert run(repo, "plan").returncode == 0
    applied = run(repo, "apply", "--all")
    assert applied.returncode == 0, applied.stderr
    assert git(repo, "status", "--porcelain")  # renamed files recorded with git add -N
    killed = run(repo, "revert", "--all", env={"GUARDIAN_CRASH_AT": "revert-after-op-2"})
    assert killed.returncode == -signal.SIGKILL
    recovered = run(repo, "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert "nothing to recover" not in recovered.stdout
    assert git(repo, "status", "--porcelain", "--untracked-files=no") == ""
    assert git(repo, "diff", "--stat", "HEAD") == ""
