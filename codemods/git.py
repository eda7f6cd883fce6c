"""The little git the apply step needs: dirty files before a batch, renames shown as renames after.

After a batch, each renamed file that git tracked is recorded with ``git add --intent-to-add``:
``git status`` then shows `` R old -> new`` (a rename in the work tree) without staging any
content, and the index otherwise stays as the user left it. :func:`forget_intent` drops those
entries again when the batch is reverted.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from rollback.safegit import GIT, git_command


def is_git(repo: Path) -> bool:
    try:
        out = subprocess.run(
            [*GIT, "rev-parse", "--show-toplevel"], cwd=repo, capture_output=True, text=True, check=False
        )
    except OSError:
        return False
    return out.returncode == 0


def _toplevel(repo: Path) -> Path:
    out = subprocess.run([*GIT, "rev-parse", "--show-toplevel"], cwd=repo, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def status(repo: Path) -> dict[str, str]:
    """Changed and untracked files relative to ``repo`` -> porcelain code (" M", "??", ...); {} outside git."""
    if not is_git(repo):
        return {}
    top = _toplevel(repo)
    out = subprocess.run(
        [*git_command(repo), "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    prefix = repo.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    result: dict[str, str] = {}
    entries = out.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if "R" in code or "C" in code:
            index += 1  # the rename's source follows (staged, or in the work tree after `git add -N`)
        if path.startswith(prefix):
            result[path[len(prefix) :]] = code
    return result


def tracked(repo: Path, paths: Iterable[str]) -> set[str]:
    paths = list(paths)
    if not paths or not is_git(repo):
        return set()
    out = subprocess.run([*GIT, "ls-files", "-z", "--", *paths], cwd=repo, capture_output=True, check=True)
    return {p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def record_renames(repo: Path, renames: Iterable[tuple[str, str]]) -> list[str]:
    """``git add -N`` each new path whose old path git tracked; returns the paths recorded."""
    renames = list(renames)
    known = tracked(repo, [old for old, _ in renames])
    new_paths = [new for old, new in renames if old in known and (repo / new).exists()]
    if new_paths:
        subprocess.run(
            [*git_command(repo), "add", "--intent-to-add", "--", *new_paths], cwd=repo, capture_output=True, check=False
        )
    return new_paths


def forget_intent(repo: Path, paths: Iterable[str]) -> list[str]:
    """Drop the index entries of files that no longer exist and that HEAD does not have: the
    ``git add -N`` records of renames a revert undid. Returns the paths dropped."""
    gone = sorted({p for p in paths if not (repo / p).exists()})
    if not gone or not is_git(repo):
        return []
    in_head = (
        subprocess.run(
            [*GIT, "ls-tree", "-r", "--name-only", "HEAD", "--", *gone], cwd=repo, capture_output=True, check=False
        )
        .stdout.decode("utf-8", "surrogateescape")
        .split("\n")
    )
    top = _toplevel(repo)
    prefix = repo.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    committed = {line[len(prefix) :] for line in in_head if line.startswith(prefix)}
    candidates = [p for p in gone if p not in committed]
    known = tracked(repo, candidates)  # one git call for all of them, not one per path
    drop = [p for p in candidates if p in known]
    if drop:
        subprocess.run(
            [*git_command(repo), "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *drop],
            cwd=repo,
            capture_output=True,
            check=False,
        )
    return drop
