"""Helpers of the attack suite: git, the command line run in-process (click's CliRunner), snapshots."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from guardian.cli import main


def git(repo: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    """``guardian --repo REPO ARGS`` in this process. Returns: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--repo", str(repo), *args], catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, tuple[str, ...]]:
    """Every path under ``root`` (symlinks not followed): its kind and content hash or link target, and
    for a file its mode and modification time (a chmod or a "touch" through a link changes a file too)."""
    found: dict[str, tuple[str, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir", "")
            else:
                info = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[rel] = ("file", digest, oct(info.st_mode), str(info.st_mtime_ns))
    return found
