"""The little git the apply step needs: dirty files before a batch, renames shown as renames after.

After a batch, each renamed file that git tracked is recorded with ``git add --intent-to-add``:
``git status`` then shows `` R old -> new`` (a rename in the work tree) without staging any
content, and the index otherwise stays as the user left it. :func:`forget_intent` drops those
entries again when the batch is reverted. Every command goes through :mod:`rollback.safegit`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from rollback.errors import ForeignGitDir, GitFailed
from rollback.safegit import HANG_HINT, LOCATE_TIMEOUT, GitDirs, foreign_git_dir, locate, run, shared_object_store


def located(repo: Path) -> GitDirs | None:
    """Where git keeps ``repo``'s data (:func:`rollback.safegit.locate`), None outside a git work tree
    or without git.

    Raises:
        ForeignGitDir: its ``.git`` names another work tree's git directory.
        GitFailed: git did not answer.
    """
    try:
        dirs = locate(repo)
    except OSError:
        return None
    except subprocess.SubprocessError:
        raise GitFailed("rev-parse", f"did not finish in {LOCATE_TIMEOUT:g} s ({HANG_HINT})") from None
    if dirs is None:
        return None
    foreign = foreign_git_dir(repo, dirs)
    if foreign is not None:
        raise ForeignGitDir(foreign)
    return dirs


def is_git(repo: Path) -> bool:
    """Whether ``repo`` is in a git work tree whose index Guardian may change.

    Raises:
        ForeignGitDir: its ``.git`` names another work tree's git directory.
    """
    return located(repo) is not None


def _prefix(repo: Path) -> str:
    """``repo`` relative to the work tree's top, with a trailing ``/`` ("" at the top)."""
    out = run(repo, "rev-parse", "--show-prefix", check=True).stdout.decode("utf-8", "surrogateescape")
    top = out.removesuffix("\n")  # exactly git's line end: a directory's name may end in a space or newline
    return top if not top or top.endswith("/") else top + "/"


def status(repo: Path) -> dict[str, str]:
    """Changed and untracked files relative to ``repo`` -> porcelain code (" M", "??", ...); {} outside git."""
    if not is_git(repo):
        return {}
    prefix = _prefix(repo)
    out = run(
        repo,
        *("status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=all", "--", "."),
        filters_off=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
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
    return _tracked(repo, paths)


def _tracked(repo: Path, paths: list[str]) -> set[str]:
    out = run(repo, "ls-files", "-z", "--", *paths, check=True)
    return {p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def record_renames(repo: Path, renames: Iterable[tuple[str, str]]) -> list[str]:
    """``git add -N`` each new path whose old path git tracked; returns the paths recorded.

    Nothing is recorded when the object store is shared with files outside the work tree
    (:func:`rollback.safegit.shared_object_store`): ``git status`` then shows each rename as a deleted
    and an untracked file, and no file of another repository is touched.
    """
    renames = list(renames)
    dirs = located(repo) if renames else None
    if dirs is None:
        return []
    known = _tracked(repo, [old for old, _ in renames])
    new_paths = [new for old, new in renames if old in known and (repo / new).exists()]
    if not new_paths or shared_object_store(dirs) is not None:
        return []  # git would freshen another repository's copy of the empty blob: git status shows D + ??
    run(repo, "add", "--intent-to-add", "--", *new_paths, filters_off=True)
    return new_paths


def forget_intent(repo: Path, paths: Iterable[str]) -> list[str]:
    """Drop the index entries of files that no longer exist and that HEAD does not have: the
    ``git add -N`` records of renames a revert undid. Returns the paths dropped."""
    gone = sorted({p for p in paths if not (repo / p).exists()})
    if not gone or not is_git(repo):
        return []
    in_head = run(repo, "ls-tree", "-r", "-z", "--full-name", "--name-only", "HEAD", "--", *gone).stdout
    prefix = _prefix(repo)
    lines = in_head.decode("utf-8", "surrogateescape").split("\0")  # unquoted: "é.py" is not "\303\251.py"
    committed = {line[len(prefix) :] for line in lines if line.startswith(prefix)}
    candidates = [p for p in gone if p not in committed]
    known = tracked(repo, candidates)  # one git call for all of them, not one per path
    drop = [p for p in candidates if p in known]
    if drop:
        run(repo, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *drop, filters_off=True)
    return drop
