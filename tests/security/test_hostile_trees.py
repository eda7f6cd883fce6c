"""Property: whatever a checkout holds (symlinks at any component of Guardian's paths or the tree's,
hard links to files outside, ``.git`` directories at any depth and in any case, odd file names), and whatever symlinks appear in
it between two commands (after an apply, before its revert or recovery), Guardian's commands change
no file outside the repository and never end in exit 1 ("a bug")."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from attack_helpers import git, run, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rollback.converge
from rollback import BatchFailed, Journal, UnsafePath, Write

#: Where a hostile checkout may put a symlink: Guardian's own paths and the tree's.
LINK_SPOTS = [
    ".guardian",
    ".guardian/journal",
    ".guardian/journal/.lock",
    ".guardian/.gitignore",
    ".guardian/plan.json",
    ".guardian/cache",
    ".guardian/cache/facts.json",
    ".guardian/tracking.db",
    "src/pkg/b.py",
    "src/pkg/sub",
    "src/pkg/WF1_b.py",
    "out.json",
    "sql",
]
#: Where it points: outside the repository (a file, a directory, nothing yet).
LINK_TARGETS = ["precious.txt", "dir", "missing", "dir/inner.txt"]
#: Where a tarball may put a hard link to a file outside (tar -P, Python's tarfile): the files Guardian or
#: git writes in place (the lock, SQLite's, the empty blob git freshens) and modules it rewrites.
HARD_SPOTS = [
    ".guardian/journal/.lock",
    ".guardian/tracking.db",
    ".guardian/tracking.db-shm",
    ".git/objects/e6/9de29bb2d1d6434b8b29ae775ad8c2e48c5391",
    "src/pkg/a.py",
    "src/pkg/b.py",
]
GIT_DIRS = [".git", ".GIT", ".Git", ".git."]
ODD_NAMES = ["we ird.py", "ünï.py", "x\ny.py", "-rf.py", "a;b.py", "$(touch pwned).py", "..py"]

#: Run in this order on every tree: a plan saved twice, every batch applied, reverted and recovered.
CORE = [["plan"], ["plan", "-o", "out.json"], ["apply", "--all"], ["revert", "--all"], ["recover"]]
#: Inserted at random places among the core commands.
COMMANDS = [
    ["status"],
    ["plan"],
    ["apply", "--all"],
    ["journal"],
    ["revert", "--all"],
    ["revert", "--last"],
    ["recover"],
    ["enums", "sql", "-o", "sql"],
    ["init", "--force"],
]
#: Where a symlink appears between two commands (a renamed file, its directory, the package itself).
LATE_SPOTS = ["src/pkg", "src/pkg/sub", "src/pkg/b.py", "src/pkg/WF1_b.py", "src/pkg/sub/WF1_c.py", "out.json"]


def _tree(
    root: Path, links: list[tuple[str, str]], gits: list[tuple[int, str]], odd: list[str], hard: list[str]
) -> None:
    files = {
        "guardian.toml": 'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n',
        "src/pkg/__init__.py": "",
        "src/pkg/a.py": "import pkg.b\n",
        "src/pkg/b.py": "VALUE = 1\n",
        "src/pkg/sub/__init__.py": "",
        "src/pkg/sub/c.py": "from pkg import b\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for name in odd:
        (root / "src/pkg" / name).write_text("import pkg.b\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hostile")
    for depth, name in gits:  # a .git directory (any case) at some depth, with a hook in it (git itself
        # refuses to commit one: it comes with a vendored tree or a tarball)
        base = root / "/".join(["src", "pkg", "sub"][:depth]) / name / "hooks"
        base.mkdir(parents=True, exist_ok=True)
        (base / "post-checkout").write_text("#!/bin/sh\ntouch pwned\n")
    for spot in hard:
        (root / spot).parent.mkdir(parents=True, exist_ok=True)
        (root / spot).unlink(missing_ok=True)
        os.link(root.parent / "outside" / ("dir/inner.txt" if spot.startswith("src") else "precious.txt"), root / spot)
    _plant(root, links)


def _plant(root: Path, links: list[tuple[str, str]]) -> None:
    """Replace each spot (file, directory or nothing) by a symlink to a path outside the repository."""
    outside = root.parent / "outside"
    for spot, target in links:
        path = root / spot
        if path.is_symlink() or not path.parent.is_dir() or path.parent.is_symlink():
            continue
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        os.symlink(outside / target, path)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    links=st.lists(
        st.tuples(st.sampled_from(LINK_SPOTS), st.sampled_from(LINK_TARGETS)), max_size=3, unique_by=lambda x: x[0]
    ),
    gits=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(GIT_DIRS)), max_size=2),
    hard=st.lists(st.sampled_from(HARD_SPOTS), max_size=2, unique=True),
    odd=st.lists(st.sampled_from(ODD_NAMES), max_size=2, unique=True),
    extra=st.lists(st.tuples(st.integers(0, len(CORE)), st.sampled_from(COMMANDS)), max_size=3),
    late=st.tuples(
        st.integers(1, len(CORE)),
        st.lists(st.tuples(st.sampled_from(LATE_SPOTS), st.sampled_from(LINK_TARGETS)), max_size=2),
    ),
)
def test_nothing_outside_the_repository_changes(
    links: list[tuple[str, str]],
    gits: list[tuple[int, str]],
    hard: list[str],
    odd: list[str],
    extra: list[tuple[int, list[str]]],
    late: tuple[int, list[tuple[str, str]]],
) -> None:
    commands: list[list[str] | None] = [*CORE]
    for at, command in sorted(extra, key=lambda e: -e[0]):
        commands.insert(at, command)
    commands.insert(late[0] + sum(1 for at, _ in extra if at < late[0]), None)  # None: plant the late links
    top = Path(tempfile.mkdtemp(prefix="guardian-hostile-"))
    try:
        outside = top / "outside"
        (outside / "dir").mkdir(parents=True)
        (outside / "precious.txt").write_text("keep me\n")
        (outside / "dir/inner.txt").write_text("keep me too\n")
        repo = top / "repo"
        repo.mkdir()
        gits = [(d, ".git" if d == 0 and n == ".git" else n) for d, n in gits if (d, n) != (0, ".git")]
        _tree(repo, links, gits, odd, hard)
        before = snapshot(outside)
        cwd = os.getcwd()
        os.chdir(repo)  # `plan -o out.json` is relative to the current directory, as for a user
        try:
            for command in commands:
                if command is None:
                    _plant(repo, late[1])
                    continue
                code, _, err = run(repo, "--no-exec", *command)
                assert code != 1, (command, err)
        finally:
            os.chdir(cwd)
        assert snapshot(outside) == before
        assert not any(p.name == "pwned" for p in top.rglob("*"))
    finally:
        shutil.rmtree(top, ignore_errors=True)


@pytest.mark.parametrize("action", ["apply", "revert"])
def test_a_symlink_planted_after_the_check_is_never_written_through(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    """The journal checks every path of a batch for symlinks before it changes the tree. A directory
    swapped for a symlink just after that check (a race with another process) must still not be
    followed: every write, rename, unlink and chmod of the tree goes through the door."""
    journal = Journal(checkout)
    if action == "revert":
        journal.apply("1", [Write("src/pkg/b.py", b"VALUE = 2\n"), Write("src/pkg/new.py", b"")])
    plan_steps = rollback.converge.plan_steps

    def swap_then_plan(records: Any, to: Any) -> Any:  # runs after every path was checked and observed
        package = checkout / "src/pkg"
        if not package.is_symlink():  # the attacker swaps src/pkg for a link to outside/ (same files)
            for child in package.iterdir():
                shutil.move(child, outside / child.name)
            package.rmdir()
            package.symlink_to(outside)
        return plan_steps(records, to)

    monkeypatch.setattr(rollback.converge, "plan_steps", swap_then_plan)
    before = {**snapshot(outside), **snapshot(checkout / "src/pkg")}  # outside/ once the package moved in
    with pytest.raises((BatchFailed, UnsafePath)):  # refused; the undo refuses the symlink too
        if action == "apply":
            journal.apply("1", [Write("src/pkg/evil.py", b"print('pwned')\n"), Write("src/pkg/b.py", b"X = 1\n")])
        else:
            journal.revert("1")
    assert snapshot(outside) == before
