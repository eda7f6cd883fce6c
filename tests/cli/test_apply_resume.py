"""Apply one batch, re-plan, then apply the rest in another process: ids continue, nothing refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args], capture_output=True, text=True, timeout=180
    )


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_replan_after_a_partial_apply_then_apply_the_rest(write_tree):
    # a <- x <- y: batch 1 renames a and edits x; batch 2 renames x (edited by batch 1); batch 3 renames y
    repo = write_tree(
        {
            "guardian.toml": "batch_size = 1\n",
            "pkg/__init__.py": "",
            "pkg/a.py": "A = 1\n",
            "pkg/x.py": "from pkg import a\nX = a.A\n",
            "pkg/y.py": "from pkg import x\nY = x.X\n",
        }
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    first = json.loads(run(repo, "--json", "plan").stdout)
    assert [b["id"] for b in first["batches"]] == [1, 2, 3]
    assert run(repo, "apply", "--batch", "1").returncode == 0
    again = run(repo, "--json", "plan")
    assert again.returncode == 0, again.stderr
    replanned = json.loads(again.stdout)
    assert [b["id"] for b in replanned["batches"]] == [2, 3]  # id 1 stays the batch that was applied
    assert [r["old"] for b in replanned["batches"] for r in b["renames"]] == ["pkg/x.py", "pkg/y.py"]
    rest = run(repo, "apply", "--all")
    assert rest.returncode == 0, rest.stdout + rest.stderr
    assert json.loads(run(repo, "--json", "plan").stdout)["batches"] == []
    done = subprocess.run(
        [sys.executable, "-c", "import pkg.WF1_V7_L3_3of3_y as y; print(y.Y)"], cwd=repo, capture_output=True, text=True
    )
    assert done.stdout.strip() == "1", done.stderr
