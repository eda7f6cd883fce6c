"""Attack of the eighth reviewer (issue 11): a checkout's `.git/` with a split index whose shared file,
`sharedindex.<sha>`, is a symlink or a hard link to a file outside the repository. Every git command that
reads the index "freshens" that file, an `utime` through the link: the `git ls-files` of the start-up
check (any command, once a `.guardian/` exists) and apply's `git status` set the outside file's mtime.
The test is the attack, and failed before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from attack_helpers import git, run

OLD = 946_684_800


def _linked_shared_index(checkout: Path, outside: Path, how: str) -> Path:
    git(checkout, "update-index", "--split-index")
    (shared,) = (checkout / ".git").glob("sharedindex.*")
    victim = outside / "victim-index"
    shared.rename(victim)
    if how == "symlink":
        shared.symlink_to(victim)
    else:
        os.link(victim, shared)
    os.utime(victim, (OLD, OLD))
    return victim


@pytest.mark.parametrize("how", ["symlink", "hard link"])
@pytest.mark.parametrize("command", [["--no-exec", "status"], ["--no-exec", "apply", "--batch", "1"]])
def test_a_linked_split_index_file_is_not_touched(checkout: Path, outside: Path, how: str, command: list[str]) -> None:
    victim = _linked_shared_index(checkout, outside, how)
    if command[1] == "status":
        (checkout / ".guardian").mkdir()  # a tarball ships an empty one, or any earlier run made it
    else:
        run(checkout, "--no-exec", "plan")  # makes .guardian/ and the plan apply follows
        assert victim.stat().st_mtime == OLD
    code, _, err = run(checkout, *command)
    assert victim.stat().st_mtime == OLD, "git freshened the file outside through the link"
    assert code == 2 and "split index" in err, err


def test_a_split_index_of_git_s_own_making_is_fine(checkout: Path) -> None:
    git(checkout, "update-index", "--split-index")
    (checkout / ".guardian").mkdir()
    code, _, err = run(checkout, "--no-exec", "status")
    assert code == 0, err
