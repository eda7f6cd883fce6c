"""Attacks of the sixth reviewer on the checkout's `.git` (issue 11): a git directory outside Guardian's
root that names the root back, and whose `commondir` file names another repository of the machine.
The attack test failed before its fix; the linked worktree test is the honest case it must not refuse."""

from __future__ import annotations

import shutil
from pathlib import Path

from attack_helpers import git, run, snapshot


def _renaming(repo: Path) -> None:
    """A configuration whose plan renames modules: `apply` then records the renames with `git add -N`."""
    (repo / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "{name}_x"\nexempt = ["**/__init__.py"]\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(repo, "commit", "-qam", "a naming pattern")


def test_a_git_directory_outside_the_root_cannot_share_another_repositorys_objects(
    checkout: Path, tmp_path: Path
) -> None:
    """Guardian's root is `shipped/py`, whose `.git` file says `gitdir: ../meta/wt`; that directory's
    `gitdir` file names `py/.git` back (so it passed as a linked worktree), its `commondir` names
    another repository of the machine, its HEAD a public commit of it holding the same files (so
    `git status` is clean). The commondir check ran only for a git directory under the root: plain
    `apply` ran `git add -N`, which wrote the empty blob into the other repository. Refused, exit 2."""
    _renaming(checkout)  # the other repository: the upstream the shipped tree is a copy of
    shipped = tmp_path / "shipped"
    shutil.copytree(checkout, shipped / "py", ignore=shutil.ignore_patterns(".git"))
    meta = shipped / "meta/wt"
    meta.mkdir(parents=True)
    shutil.copy(checkout / ".git/index", meta / "index")
    (meta / "HEAD").write_text(git(checkout, "rev-parse", "HEAD"))
    (meta / "commondir").write_text(f"{checkout / '.git'}\n")
    (meta / "gitdir").write_text("../../py/.git\n")
    (shipped / "py/.git").write_text("gitdir: ../meta/wt\n")
    before = snapshot(checkout / ".git")
    run(shipped / "py", "--no-exec", "plan")
    code, _, err = run(shipped / "py", "--no-exec", "apply", "--batch", "1")
    assert snapshot(checkout / ".git") == before
    assert code == 2 and str(checkout) in err, err
    assert not (shipped / "py/src/pkg/b_x.py").exists()


def test_a_genuine_linked_worktree_still_applies(checkout: Path, tmp_path: Path) -> None:
    """`git worktree add` makes `<repo>/.git/worktrees/<name>`, whose `commondir` names the repository
    outside the worktree: Guardian applies there as in the main checkout, and git records the renames."""
    _renaming(checkout)
    linked = tmp_path / "linked"
    git(checkout, "worktree", "add", "-q", str(linked), "-b", "linked")
    code, _, err = run(linked, "--no-exec", "plan")
    assert code == 0, err
    code, _, err = run(linked, "--no-exec", "apply", "--batch", "1")
    assert code == 0, err
    assert (linked / "src/pkg/b_x.py").exists() and not (linked / "src/pkg/b.py").exists()
    assert "src/pkg/b_x.py" in git(linked, "status", "--porcelain")
