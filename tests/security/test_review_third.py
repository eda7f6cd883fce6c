"""Attacks of the third reviewer: a directory swapped for a symlink before revert's cleanup, and git
directories that lead git to write into another repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from attack_helpers import git, run, snapshot

import rollback.converge
from rollback import Journal, Move


def test_revert_removes_no_directory_outside_through_a_symlinked_parent(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Apply made src/pkg/v7/sub/ for a moved module; revert moves it back, then removes the empty
    directories it made. If src/pkg/v7 is swapped for a link to outside/ just before that, removing
    src/pkg/v7/sub must not follow the link and remove the user's empty outside/sub."""
    journal = Journal(checkout)
    journal.apply("1", [Move("src/pkg/b.py", "src/pkg/v7/sub/b.py")])
    (outside / "sub").mkdir()  # the user's own empty directory, the attacker's target
    sync_dirs = rollback.converge.sync_dirs

    def swap_then_sync(dirs: Any) -> None:  # runs after the last step, before the directories are removed
        made = checkout / "src/pkg/v7"
        if not made.is_symlink():
            (made / "sub").rmdir()
            made.rmdir()
            made.symlink_to(outside)
        sync_dirs(dirs)

    monkeypatch.setattr(rollback.converge, "sync_dirs", swap_then_sync)
    before = snapshot(outside)
    journal.revert("1")
    assert snapshot(outside) == before
    assert (outside / "sub").is_dir()
    assert os.readlink(checkout / "src/pkg/v7") == str(outside)  # someone's link: left alone
    assert (checkout / "src/pkg/b.py").read_text() == "VALUE = 1\n"


def test_a_git_file_naming_another_repositorys_submodule_is_refused(checkout: Path, tmp_path: Path) -> None:
    """A checkout's `.git` file may name any git directory of the machine. The one of a submodule of
    another repository (`<victim>/.git/modules/sub`) has `core.worktree` set, which foreign_git_dir took
    as "git found this tree through it", though it names the victim's submodule, not this tree: every
    git command then worked on the victim's work tree and index (`git status` rewrote the index,
    `git rm --cached` would drop its staged entries). A git directory is this tree's only when git's
    work tree holds the repository."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "f.py").write_text("X = 1\n")
    git(library, "init", "-q")
    git(library, "add", "-A")
    git(library, "commit", "-qm", "library")
    victim = tmp_path / "victim"
    victim.mkdir()
    git(victim, "init", "-q")
    git(victim, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "sub")
    git(victim, "commit", "-qm", "a submodule")
    index = victim / ".git/modules/sub/index"
    before = index.read_bytes()
    os.utime(victim / "sub/f.py", (1, 1))  # stale stat data: a git status refreshes and rewrites the index
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\nexempt = ["**/__init__.py"]\n'
        '[workflows]\n"src/pkg/**" = 1\n'
    )
    shutil.rmtree(checkout / ".git")
    (checkout / ".git").write_text(f"gitdir: {victim / '.git/modules/sub'}\n")
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 2 and "modules/sub" in err, err
    assert index.read_bytes() == before


def test_a_git_directory_sharing_another_repositorys_objects_is_refused(checkout: Path, tmp_path: Path) -> None:
    """A `.git` directory inside the checkout that holds a `commondir` file is a linked worktree's: git
    keeps its objects, refs and configuration in the directory that file names, any repository of the
    machine (a vendored tree's `../../../.git`). It passed as "inside the work tree", and apply's
    `git add -N` wrote the empty blob into the other repository's object store."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "v.txt").write_text("v\n")
    git(victim, "init", "-q")
    git(victim, "add", "-A")
    git(victim, "commit", "-qm", "victim")
    before = snapshot(victim)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\nexempt = ["**/__init__.py"]\n'
        '[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "commit", "-qam", "a naming pattern")
    (checkout / ".git/commondir").write_text(f"{victim / '.git'}\n")
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all", "--allow-dirty")  # HEAD is the victim's
    assert code == 2 and "victim" in err, err
    assert snapshot(victim) == before


@pytest.mark.parametrize("link", ["index", "objects"])
def test_a_symlink_in_the_git_directory_is_not_written_through(checkout: Path, tmp_path: Path, link: str) -> None:
    """A checkout's own `.git/` (a tarball ships one) may hold `index -> ../../victim/.git/index` or
    `objects -> ...`: git writes its index through a symlink (its lock file goes beside the target),
    and its objects into whatever directory `objects` leads to. Apply's `git add -N` added the checkout's
    renamed files to the other repository's index, and wrote the empty blob into its object store."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "v.txt").write_text("v\n")
    git(victim, "init", "-q")
    git(victim, "add", "-A")
    git(victim, "commit", "-qm", "victim")
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\nexempt = ["**/__init__.py"]\n'
        '[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "commit", "-qam", "a naming pattern")
    if link == "index":
        (victim / ".git/index").write_bytes((checkout / ".git/index").read_bytes())  # the victim's staged work
    else:
        shutil.copytree(checkout / ".git/objects", victim / ".git/objects", dirs_exist_ok=True)
        (victim / ".git/objects/e6/9de29bb2d1d6434b8b29ae775ad8c2e48c5391").unlink()  # the empty blob
    if link == "index":
        (checkout / ".git/index").unlink()
    else:
        shutil.rmtree(checkout / ".git/objects")
    (checkout / ".git" / link).symlink_to(victim / ".git" / link)
    before = snapshot(victim)
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 2 and "victim" in err, err
    assert snapshot(victim) == before
