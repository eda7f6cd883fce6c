"""Helpers for journal tests: snapshot a tree (bytes and modes) and run real ``git apply``."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

Snapshot = dict[str, tuple[bytes, int]]
IGNORED = (".guardian", ".git")


def snapshot(root: Path) -> Snapshot:
    """Every regular file under ``root`` (outside .guardian/.git): path -> (bytes, permission bits)."""
    found: Snapshot = {}
    for directory, dirs, files in os.walk(root):
        rel_dir = Path(directory).relative_to(root)
        if rel_dir.parts and rel_dir.parts[0] in IGNORED:
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not (not rel_dir.parts and d in IGNORED)]
        for name in files:
            full = Path(directory) / name
            info = os.lstat(full)
            found[(rel_dir / name).as_posix()] = (full.read_bytes(), stat.S_IMODE(info.st_mode))
    return found


def directories(root: Path) -> set[str]:
    """Every directory under ``root`` outside .guardian/.git."""
    return {
        Path(d).relative_to(root).as_posix()
        for d, _dirs, _files in os.walk(root)
        if not set(Path(d).relative_to(root).parts[:1]) & set(IGNORED)
    } - {"."}


def write_snapshot(root: Path, files: Snapshot) -> None:
    """Create ``files`` under ``root``."""
    for rel, (data, mode) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.chmod(path, mode)


def new_repo(parent: Path, files: Snapshot) -> Path:
    """A fresh ``repo`` directory under ``parent`` holding ``files``."""
    root = parent / "repo"
    root.mkdir()
    write_snapshot(root, files)
    return root


def git_mode_view(files: Snapshot) -> dict[str, tuple[bytes, bool]]:
    """What git can represent: bytes and the executable bit."""
    return {path: (data, bool(mode & 0o100)) for path, (data, mode) in files.items()}


def git_apply(root: Path, patch: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run real ``git apply`` of ``patch`` in ``root`` (a scratch git repository so paths are anchored)."""
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    return subprocess.run(
        ["git", "apply", "--whitespace=nowarn", *extra, str(patch)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )


def copy_tree(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` without .guardian/.git, keeping modes."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)
    return target
