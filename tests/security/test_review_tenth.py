"""Attack of the tenth reviewer (issue 11): `apply`'s `git add -N` stores the empty blob, and when git
already has it, git only "freshens" the copy it finds, an `utime` on another repository's file when the
checkout's `.git/` shares its object store: an `objects/info/alternates` entry naming another
repository's objects, or a pack or loose empty blob hard-linked to another repository's. A shared store
now means no `git add -N` (the renames show as deleted + untracked). The test is the attack, and failed
before its fix: the other repository's object got a new mtime."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from attack_helpers import git, run

EMPTY_BLOB = "e6/9de29bb2d1d6434b8b29ae775ad8c2e48c5391"
OLD = 1_000_000_000


@pytest.mark.parametrize("how", ["alternates", "hard-linked blob"])
def test_a_shared_object_store_gets_no_file_touched(checkout: Path, tmp_path: Path, how: str) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    git(victim, "init", "-q")
    (victim / "empty").write_text("")
    git(victim, "add", "empty")
    blob = victim / ".git" / "objects" / EMPTY_BLOB
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "{name}_x"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "commit", "-qam", "a naming pattern")
    own = checkout / ".git" / "objects" / EMPTY_BLOB
    own.unlink(missing_ok=True)
    if how == "alternates":
        (checkout / ".git" / "objects" / "info" / "alternates").write_text(f"{victim / '.git' / 'objects'}\n")
    else:
        own.parent.mkdir(exist_ok=True)
        os.link(blob, own)
    os.utime(blob, (OLD, OLD))
    assert run(checkout, "--no-exec", "plan")[0] == 0
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert blob.stat().st_mtime == OLD, "git freshened another repository's object"
    assert code == 0, err
    assert (checkout / "src" / "pkg" / "b_x.py").exists()
