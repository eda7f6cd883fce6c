"""Attacks of the fourth reviewer. Each test is one attack that worked on the code before its fix; what
the review tried that held is listed in the issue's closing note.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from attack_helpers import run, snapshot


def _renaming(checkout: Path) -> None:
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )


def test_a_lock_file_hard_linked_outside_is_never_truncated(checkout: Path, outside: Path) -> None:
    """A tarball can hold a hard link whose target is outside the tree (`.guardian/journal/.lock`, linked
    to `../../../.bashrc`): GNU tar with `-P` (actions/cache), Python's `tarfile.extractall` and
    `shutil.unpack_archive` before Python 3.14 make it. The lock is opened without following a symlink,
    but a hard link is the same file: `apply` truncated the user's file and wrote its pid into it."""
    _renaming(checkout)
    (checkout / ".guardian/journal").mkdir(parents=True)
    os.link(outside / "precious.txt", checkout / ".guardian/journal/.lock")
    before = snapshot(outside)
    for command in (["plan"], ["apply", "--all"], ["revert", "--all"], ["recover"]):
        code, _, err = run(checkout, "--no-exec", *command)
        assert code in (0, 2), (command, err)
        if command[0] != "plan":
            assert code == 2 and ".lock" in err and "hard link" in err, (command, err)
    assert snapshot(outside) == before
    assert (outside / "precious.txt").read_text() == "keep me\n"


@pytest.mark.parametrize("name", ["tracking.db", "tracking.db-shm"])
def test_a_tracking_database_file_hard_linked_outside_is_never_written(
    checkout: Path, outside: Path, name: str
) -> None:
    """`.guardian/tracking.db-shm` (or `-wal`, or the database itself) hard-linked to a file of the user:
    SQLite opens it in place and writes its shared-memory index (32 KiB) over the file's contents on
    the first command that records anything, `status` included; an empty file hard-linked as
    `tracking.db` got Guardian's tables."""
    (outside / "empty").write_bytes(b"")
    (checkout / ".guardian").mkdir()
    os.link(outside / ("empty" if name == "tracking.db" else "precious.txt"), checkout / ".guardian" / name)
    before = snapshot(outside)
    for command in (["status"], ["plan"]):
        code, _, err = run(checkout, "--no-exec", *command)
        assert code == 2 and name in err and "hard link" in err, (command, err)
    assert snapshot(outside) == before


EMPTY_BLOB = "e6/9de29bb2d1d6434b8b29ae775ad8c2e48c5391"


@pytest.mark.parametrize("where", ["objects", "alternate", "nested-alternate", "hard-link"])
def test_no_file_outside_is_touched_through_a_linked_git_object(checkout: Path, outside: Path, where: str) -> None:
    """`git add -N` (apply records its renames so) stores the empty blob; when the object exists already
    git only "freshens" it: `utime` on the object's path, which follows a symlink. A tarball's
    `.git/objects/e6/9de29b...` (or the same name in a directory `objects/info/alternates` names, itself
    inside the checkout, at any depth of alternates) leading to `~/.bashrc`, or hard-linked to it, made
    `apply` set the mtime of the user's file: touched, if not written."""
    _renaming(checkout)
    from attack_helpers import git

    git(checkout, "commit", "-qam", "a naming pattern")
    target = outside / "precious.txt"
    os.utime(target, (1_000_000_000, 1_000_000_000))
    own = checkout / ".git/objects" / EMPTY_BLOB
    own.unlink(missing_ok=True)
    objects = {"alternate": checkout / "vendor/objs", "nested-alternate": checkout / "vendor/deeper"}.get(
        where, checkout / ".git/objects"
    )
    if where in ("alternate", "nested-alternate"):
        (checkout / ".git/objects/info").mkdir(exist_ok=True)
        (checkout / ".git/objects/info/alternates").write_text("# shared objects\n../../vendor/objs\n")
    if where == "nested-alternate":
        (checkout / "vendor/objs/info").mkdir(parents=True)
        (checkout / "vendor/objs/info/alternates").write_text(f"{checkout / 'vendor/deeper'}\n")
    (objects / EMPTY_BLOB).parent.mkdir(parents=True, exist_ok=True)
    if where == "hard-link":
        os.link(target, objects / EMPTY_BLOB)
    else:
        (objects / EMPTY_BLOB).symlink_to(target)
    assert run(checkout, "--no-exec", "plan")[0] == 2  # every command is refused before git runs on the index
    code, _, err = run(checkout, "--no-exec", "apply", "--all", "--allow-dirty")
    assert os.stat(target).st_mtime == 1_000_000_000
    assert code == 2 and ("9de29bb" if where == "hard-link" else "precious.txt") in err, err


def test_a_mode_change_reaches_no_file_outside_through_a_hard_link(checkout: Path, outside: Path) -> None:
    """The journal's `chmod` step changed the mode of the file itself (`fchmod`): a module hard-linked to a
    file outside the repository (a tarball's link, `cp -al`) gave that file the new mode too. Every other
    step replaces the file, which breaks the link; a mode change of a hard link now does the same."""
    from rollback import Chmod, Journal

    os.link(outside / "precious.txt", checkout / "src/pkg/linked.py")
    before = os.stat(outside / "precious.txt").st_mode
    journal = Journal(checkout)
    journal.apply("1", [Chmod("src/pkg/linked.py", 0o755)])
    assert os.stat(outside / "precious.txt").st_mode == before
    assert os.stat(checkout / "src/pkg/linked.py").st_mode & 0o777 == 0o755
    journal.revert("1")
    assert os.stat(outside / "precious.txt").st_mode == before
    assert (checkout / "src/pkg/linked.py").read_text() == "keep me\n"
