"""Finding 3 (and part of 2): ``.guardian/`` a checkout ships, or symlinks in it, never redirect a write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from attack_helpers import git, run, snapshot

from rollback import Journal, Write


def test_guardian_dir_as_a_symlink_is_refused(checkout: Path, outside: Path) -> None:
    os.symlink(outside, checkout / ".guardian")
    before = snapshot(outside)
    code, _, err = run(checkout, "plan")
    assert code == 2 and ".guardian" in err and "symlink" in err
    assert snapshot(outside) == before


def test_lock_symlink_is_never_truncated(checkout: Path, outside: Path) -> None:
    (checkout / ".guardian/journal").mkdir(parents=True)
    os.symlink(outside / "precious.txt", checkout / ".guardian/journal/.lock")
    before = snapshot(outside)
    for command in (["recover"], ["revert", "--last"], ["status"]):
        code, _, err = run(checkout, *command)
        assert code == 2 and "symlink" in err, (command, err)
    assert snapshot(outside) == before
    # the library on its own (no start-up check) refuses too
    with pytest.raises(Exception, match="symlink"):
        Journal(checkout).apply("1", [Write("src/pkg/c.py", b"")])
    assert snapshot(outside) == before


def test_dangling_gitignore_symlink_does_not_create_its_target(checkout: Path, outside: Path) -> None:
    (checkout / ".guardian").mkdir()
    os.symlink(outside / "created-by-guardian", checkout / ".guardian/.gitignore")
    before = snapshot(outside)
    run(checkout, "plan")
    assert snapshot(outside) == before
    from rollback.statedir import write_gitignore

    write_gitignore(checkout)
    assert snapshot(outside) == before


def test_journal_dir_symlink_is_refused_by_the_library(checkout: Path, outside: Path) -> None:
    (checkout / ".guardian").mkdir()
    os.symlink(outside, checkout / ".guardian/journal")
    before = snapshot(outside)
    with pytest.raises(Exception, match="symlink"):
        Journal(checkout).apply("1", [Write("src/pkg/c.py", b"")])
    assert snapshot(outside) == before
    assert not (checkout / "src/pkg/c.py").exists()


def test_tracked_guardian_dir_is_refused(checkout: Path) -> None:
    (checkout / ".guardian/journal/1").mkdir(parents=True)
    (checkout / ".guardian/journal/1/manifest.json").write_text("{}")
    git(checkout, "add", "-f", ".guardian")
    git(checkout, "commit", "-q", "-m", "ship a journal")
    code, _, err = run(checkout, "status")
    assert code == 2 and "tracked by git" in err and "git rm -r --cached .guardian" in err
