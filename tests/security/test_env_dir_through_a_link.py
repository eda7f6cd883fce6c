"""A temporary directory named through the user's own link into a sub-directory of the checkout, then out
through a link the checkout ships (``/alias -> repo/sub``, ``repo/sub/tmp -> ../../outside``):
``TMPDIR=/alias/tmp`` goes through the checkout, whose link decides where Guardian's temporary files land.

The start-up check walked the leading parts of such a path and refused only a part that resolved to the
repository itself, not to a directory inside it: ``/alias`` resolves to ``repo/sub``, so the path was
accepted, and Python's ``tempfile`` probe created and removed a file in ``outside``."""

from __future__ import annotations

import os
from pathlib import Path

from attack_helpers import git, status_with_temporary_dir


def test_a_temporary_directory_through_a_link_into_the_checkout_is_refused(
    checkout: Path, outside: Path, tmp_path: Path
) -> None:
    (checkout / "sub").mkdir()
    (checkout / "sub" / "tmp").symlink_to(os.path.relpath(outside, checkout / "sub"))
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a link")
    alias = tmp_path / "alias"  # the user's own link, outside the checkout, to a directory inside it
    alias.symlink_to(checkout / "sub")
    os.utime(outside, ns=(0, 0))  # a file created and unlinked in it sets its mtime
    done = status_with_temporary_dir(checkout, tmp_path, TMPDIR=str(alias / "tmp"))
    assert os.stat(outside).st_mtime_ns == 0, "a file was created and removed through the checkout's tmp symlink"
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert done.returncode == 2, done.stderr
    assert "TMPDIR=" in done.stderr and "inside the repository" in done.stderr
