"""``.guardian/`` is Guardian's own state, never something a checkout ships.

:func:`check_state_dir` runs before every command: it refuses a ``.guardian`` that is a symlink (the
journal and tracking database would land elsewhere without a word), that holds a symlink (or a
FIFO, socket or device: a read of a FIFO never ends) where
Guardian keeps its files, or whose files are tracked by git (a repository that commits a journal,
a cache or a tracking database is shipping state Guardian must not take as its own).
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from failures import ExitCode
from rollback import safegit
from rollback.door import write_file
from rollback.errors import ForeignGitDir, RollbackError

STATE_DIR = ".guardian"
#: Levels below ``.guardian`` where Guardian opens directories and files: journal/<id>/<file>, and
#: journal/<id>/history/<n>/blobs/<sha256> (a FIFO in an entry's history hung ``guardian journal 1``).
_DEPTH = 6


class UnsafeStateDir(RollbackError):
    """``.guardian/`` (or something in it) is a symlink, or it is tracked by git."""

    exit_code = ExitCode.USAGE

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(f"refusing to use {STATE_DIR}/: {problem}; nothing was read or changed", hint=hint)
        self.problem = problem


def _odd_entry_inside(root: Path, depth: int) -> tuple[str, str] | None:
    """The first entry below ``root`` that is neither a regular file nor a directory: (path, what it is)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return None
    for entry in entries:
        if entry.is_symlink():
            return entry.path, "a symlink"
        if not entry.is_file(follow_symlinks=False) and not entry.is_dir(follow_symlinks=False):
            return entry.path, "a FIFO, socket or device"
        if depth > 1 and entry.is_dir(follow_symlinks=False):
            found = _odd_entry_inside(Path(entry.path), depth - 1)
            if found is not None:
                return found
    return None


def git_dirs(repo: Path) -> safegit.GitDirs | None:
    """Where git keeps ``repo``'s data, checked before any git command that reads the index: None outside
    a git work tree or without git.

    Raises:
        ForeignGitDir: the git directory is another work tree's, or git's work tree is not the directory
            holding the ``.git`` (:func:`rollback.safegit.foreign_git_dir`; exit 2).
        UnsafeStateDir: git did not answer, or the split index's shared file is a link git would touch through.
    """
    try:
        dirs = safegit.locate(repo)
    except OSError:
        return None  # no git on this machine
    except subprocess.SubprocessError:
        raise UnsafeStateDir(
            f"`git rev-parse` did not finish in {safegit.LOCATE_TIMEOUT:g} s ({safegit.HANG_HINT}); "
            "no other git command was run",
            hint="check the repository with `git status` and `git fsck`",
        ) from None
    if dirs is None:
        return None  # outside a git work tree
    linked = safegit.linked_shared_index(repo, dirs)
    if linked is not None:  # git ls-files would "freshen" (utime) it through the link
        raise UnsafeStateDir(
            f"the git directory's split index file leads to {linked} (a symlink or a second name)",
            hint="run `git update-index --no-split-index` in a copy you trust, or remove the link",
        )
    for directory in {dirs.git_dir, dirs.common} - {""}:  # git reads it line by line: /dev/zero, a FIFO
        attributes = os.path.join(directory, "info", "attributes")
        if os.path.lexists(attributes) and not os.path.isfile(attributes):
            raise UnsafeStateDir(
                f"{attributes} is not a regular file (git would read it without end)", hint="remove it"
            )
    foreign = safegit.foreign_git_dir(repo, dirs)
    if foreign is not None:  # before any command: `git ls-files` would read (and freshen) that repository's index
        raise ForeignGitDir(foreign)
    return dirs


def tracked_state(repo: Path) -> list[str]:
    """Returns: files under ``.guardian/`` that git tracks (empty outside git or without git).

    Raises:
        UnsafeStateDir: git cannot tell (``git ls-files`` fails or hangs in a work tree): refused, not trusted;
            or the split index's shared file is a link git would touch through.
        ForeignGitDir: the git directory is not this work tree's (see :func:`git_dirs`).
    """
    return [] if git_dirs(repo) is None else _tracked(repo)


def _tracked(repo: Path) -> list[str]:
    try:
        done = safegit.run(repo, "ls-files", "-z", "--cached", "--", STATE_DIR, timeout=safegit.LOCATE_TIMEOUT)
    except OSError:
        return []  # git went away since
    except subprocess.SubprocessError:
        done = None
    if done is not None and done.returncode == 0:
        return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    raise UnsafeStateDir(
        "`git ls-files` "
        + (f"did not finish in {safegit.LOCATE_TIMEOUT:g} s" if done is None else "failed")
        + ", so whether git tracks its files is unknown",
        hint="check the repository with `git status` and `git fsck`",
    )


def check_state_dir(repo: Path, *, git: bool = True) -> None:
    """Refuse a ``.guardian/`` Guardian cannot call its own (see the module docstring).

    With ``git``, the git directory is checked first, for every command and whether or not ``.guardian/``
    exists (:func:`git_dirs`): no git command reads another repository's index.

    Raises:
        UnsafeStateDir: it is a symlink or not a directory, holds a symlink, or is tracked by git.
        ForeignGitDir: the checkout's ``.git`` leads git to another work tree's git directory.
    """
    dirs = git_dirs(repo) if git else None
    path = repo / STATE_DIR
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeStateDir(
            f"it is a symlink to {os.readlink(path)!r}",
            hint=f"remove the link (`rm {STATE_DIR}`); Guardian recreates the directory",
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeStateDir("it is not a directory", hint=f"remove or rename the file {STATE_DIR}")
    inside = _odd_entry_inside(path, _DEPTH)
    if inside is not None:
        shown = Path(inside[0]).relative_to(repo).as_posix()
        raise UnsafeStateDir(
            f"{shown} is {inside[1]} (Guardian never creates one)",
            hint=f"remove it (`rm {shown}`) after checking what it is",
        )
    if dirs is not None:
        tracked = _tracked(repo)
        if tracked:
            raise UnsafeStateDir(
                f"{len(tracked)} file(s) under it are tracked by git (e.g. {tracked[0]}); a "
                "checkout must not ship Guardian's journal, cache or tracking database",
                hint=f"inspect them, then `git rm -r --cached {STATE_DIR}` and remove the directory if it is not yours",
            )


def write_gitignore(repo: Path) -> None:
    """Keep ``git status`` clean: ``.guardian/.gitignore`` (``*``) when the directory exists and has none.
    Written through the door, never through a symlink; a read-only or unsafe ``.guardian`` is left alone."""
    directory = repo / STATE_DIR
    try:
        if stat.S_ISDIR(os.lstat(directory).st_mode) and not os.path.lexists(directory / ".gitignore"):
            write_file(repo, f"{STATE_DIR}/.gitignore", b"*\n", 0o644, exclusive=True)
    except (OSError, RollbackError):
        pass
