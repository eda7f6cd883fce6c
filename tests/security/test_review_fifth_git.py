"""Attacks of the fifth reviewer on the checkout's `.git/` (issue 11): a git directory whose name git's
line-by-line output cannot carry, and a pack file of another repository linked into `objects/pack/`.
Each test is the attack, and failed before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from attack_helpers import git, run

EMPTY_BLOB = "e6/9de29bb2d1d6434b8b29ae775ad8c2e48c5391"
OLD = 1_000_000_000


def _renaming(checkout: Path) -> None:
    """A configuration whose plan renames modules: `apply` then records the renames with `git add -N`."""
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "{name}_x"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "commit", "-qam", "a naming pattern")


def _newline_git_dir(checkout: Path) -> Path:
    """Move `.git/` to a directory named `g<LF>x` in the checkout, which a `.git` file names (and its own
    `info/exclude` hides from `git status`). Returns: the git directory."""
    git_dir = checkout / "g\nx"
    (checkout / ".git").rename(git_dir)
    (checkout / ".git").write_text("gitdir: g\nx\n")
    with (git_dir / "info/exclude").open("a") as exclude:
        exclude.write("g*\n")
    return git_dir


@pytest.mark.parametrize("link", ["empty-blob", "index"])
def test_a_git_directory_named_with_a_newline_hides_no_symlink(checkout: Path, outside: Path, link: str) -> None:
    """`.git` is the file `gitdir: g<LF>x`: `git rev-parse --absolute-git-dir --show-toplevel
    --git-common-dir` printed 5 lines instead of 3, which Guardian took for "not a foreign git directory",
    and skipped every check of the git directory: its empty blob linked to a file outside had its mtime
    set by `git add -N`, its index linked to another repository's index was rewritten. Refused, exit 2."""
    _renaming(checkout)
    git_dir = _newline_git_dir(checkout)
    target = outside / "precious.txt"
    if link == "empty-blob":
        (git_dir / "objects" / EMPTY_BLOB).unlink(missing_ok=True)
        (git_dir / "objects" / EMPTY_BLOB).parent.mkdir(exist_ok=True)
        (git_dir / "objects" / EMPTY_BLOB).symlink_to(target)
    else:
        shutil.move(git_dir / "index", target)
        (git_dir / "index").symlink_to(target)
    os.utime(target, (OLD, OLD))
    before = target.read_bytes()
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert os.stat(target).st_mtime == OLD and target.read_bytes() == before
    assert code == 2 and ".git" in err, err


def test_a_control_character_in_a_git_directory_name_is_refused(checkout: Path) -> None:
    """A name git prints on one line but that no honest checkout has (a carriage return, an escape) is
    refused too: Guardian's own messages would show it, and a terminal would act on it."""
    _renaming(checkout)
    (checkout / ".git").rename(checkout / "g\rx")
    (checkout / ".git").write_text("gitdir: g\rx\n")
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all", "--allow-dirty")
    assert not (checkout / "src/pkg/b_x.py").exists()
    assert code == 2 and ".git" in err and "\r" not in err, err


def _victim_pack(tmp_path: Path) -> list[Path]:
    """Another repository whose only pack holds the empty blob. Returns: its pack files (.pack first)."""
    victim = tmp_path / "victim"
    victim.mkdir()
    git(victim, "init", "-q")
    (victim / "empty").write_bytes(b"")
    (victim / "a").write_text("x\n")
    git(victim, "add", "-A")
    git(victim, "commit", "-qm", "v")
    git(victim, "gc", "-q")
    return sorted((victim / ".git/objects/pack").glob("pack-*"), key=lambda p: p.suffix != ".pack")


@pytest.mark.parametrize("where", ["objects", "alternate"])
def test_no_pack_outside_is_touched_through_a_symlink_in_objects_pack(
    checkout: Path, tmp_path: Path, where: str
) -> None:
    """`.git/objects/pack/pack-X.{pack,idx}` linked to another repository's pack that holds the empty blob:
    `git add -N` "freshens" the packed object, an `utime` of the .pack through the link: the mtime of a
    file outside the repository changed. Also in the pack directory of an alternate inside the checkout."""
    _renaming(checkout)
    packs = _victim_pack(tmp_path)
    objects = checkout / ".git/objects"
    (objects / EMPTY_BLOB).unlink(missing_ok=True)
    if where == "alternate":
        objects = checkout / "vendor/objs"
        (objects / "pack").mkdir(parents=True)
        (checkout / ".git/objects/info/alternates").write_text("../../vendor/objs\n")
    for pack in packs:
        (objects / "pack" / pack.name).symlink_to(pack)
    os.utime(packs[0], (OLD, OLD))
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all", "--allow-dirty")
    assert os.stat(packs[0]).st_mtime == OLD
    assert code == 2 and "pack-" in err, err


def test_a_local_clone_with_hard_linked_objects_still_applies(checkout: Path, tmp_path: Path) -> None:
    """`git clone` of a local path hard-links the objects and packs: a genuine clone is no attack."""
    _renaming(checkout)
    git(checkout, "gc", "-q")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(checkout), str(clone))
    assert any(os.stat(p).st_nlink > 1 for p in (clone / ".git/objects/pack").glob("*.pack"))
    assert run(clone, "--no-exec", "plan")[0] == 0
    code, _, err = run(clone, "--no-exec", "apply", "--all")
    assert code == 0, err
    assert (clone / "src/pkg/b_x.py").exists()


def test_a_git_that_cannot_list_the_state_directory_is_not_taken_for_no_tracked_state(checkout: Path) -> None:
    """Whether git tracks files under `.guardian/` was "no" whenever `git ls-files` failed or hung (a
    damaged index): a check that fails must refuse, not pass. Outside git it is still "no"."""
    from rollback.statedir import UnsafeStateDir, tracked_state

    (checkout / ".guardian").mkdir()
    (checkout / ".git/index").write_bytes(b"DIRC garbage")
    with pytest.raises(UnsafeStateDir, match="ls-files"):
        tracked_state(checkout)
    shutil.rmtree(checkout / ".git")
    assert tracked_state(checkout) == []


def test_reverting_keeps_a_committed_non_ascii_path_in_the_index(checkout: Path) -> None:
    """`forget_intent` read `git ls-tree` line by line, where git quotes `café.py` as `"caf\\303\\251.py"`:
    a committed file of that name, gone from the tree, was taken for a rename's `git add -N` record and
    dropped from the index (a deletion staged behind the user's back). Read NUL-separated now."""
    from codemods.git import forget_intent

    (checkout / "src/pkg/café.py").write_text("X = 1\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a module named in UTF-8")
    (checkout / "src/pkg/café.py").unlink()
    assert forget_intent(checkout, ["src/pkg/café.py"]) == []
    assert "src/pkg/café.py" in git(checkout, "-c", "core.quotePath=false", "ls-files")
