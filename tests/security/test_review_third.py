"""Attacks of the third reviewer: a directory swapped for a symlink between a batch and its revert."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from attack_helpers import snapshot

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
