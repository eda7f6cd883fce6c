"""Plain helpers of the apply tests (imported by module name: pytest puts this directory on sys.path)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from click.testing import Result

IGNORED = {".guardian", ".git", "__pycache__", ".pytest_cache"}
GIT = ["git", "-c", "user.email=test@example.invalid", "-c", "user.name=Guardian Test"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but Guardian's, git's and Python's caches: path -> bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not IGNORED.intersection(p.relative_to(root).parts)
    }


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` as given (no dedent: the bytes are the fixture)."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def committed(repo: Path) -> Path:
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    return repo


Invoke = Callable[..., Result]

#: ``guardian --json plan``'s output, parsed (docs/plan-format.md)
PlanJson = dict[str, Any]


def plan_renames(plan: PlanJson) -> list[dict[str, Any]]:
    """Every rename of the plan, batch after batch."""
    return [rename for batch in plan["batches"] for rename in batch["renames"]]


def plan_references(plan: PlanJson) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every reference the plan lists, with the rename it belongs to: ``(rename, reference)``, in the plan's order."""
    return [(rename, reference) for rename in plan_renames(plan) for reference in rename["references"]]


def approve_all(cli: Invoke, repo: Path, batches: int) -> None:
    for batch in range(1, batches + 1):
        cli(repo, "-q", "approve", str(batch), "--by", "Ana", "--role", "Layer Guardian")
        cli(repo, "-q", "approve", str(batch), "--by", "Bo", "--role", "Test Sentinel")


def planned(cli: Invoke, repo: Path, passed: str) -> tuple[PlanJson, dict[str, bytes]]:
    """Commit the fixture ``repo``, check its own suite (its summary starts with ``passed``), plan it: the plan
    (``guardian --json plan``) and the tree as committed, for :func:`reverted`."""
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith(passed)
    return json.loads(cli(repo, "--json", "plan").stdout), original


def applied(cli: Invoke, repo: Path, passed: str) -> None:
    """``guardian apply --all --no-tests``, then the fixture's own suite passes as before (``passed``)."""
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith(passed)


def reverted(cli: Invoke, repo: Path, original: Mapping[str, bytes]) -> None:
    """``guardian revert --all`` gives back the tree ``original``, byte for byte."""
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def own_suite(repo: Path) -> str:
    """The summary line of the fixture's own test suite (``tests/`` in ``repo``), run by this interpreter."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    return done.stdout.strip().rpartition("\n")[2]
