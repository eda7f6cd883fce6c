"""Property: whatever a checkout holds (symlinks at any component of Guardian's paths or the tree's,
``.git`` directories at any depth and in any case, odd file names), Guardian's commands change no
file outside the repository and never end in exit 1 ("a bug")."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from attack_helpers import git, run, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
GIT_DIRS = [".git", ".GIT", ".Git", ".git."]
ODD_NAMES = ["we ird.py", "ünï.py", "x\ny.py", "-rf.py", "a;b.py", "$(touch pwned).py", "..py"]

COMMANDS = [
    ["status"],
    ["plan"],
    ["plan", "-o", "out.json"],
    ["apply", "--all"],
    ["journal"],
    ["revert", "--all"],
    ["recover"],
    ["enums", "sql", "-o", "sql"],
    ["init", "--force"],
]


def _tree(root: Path, links: list[tuple[str, str]], gits: list[tuple[int, str]], odd: list[str]) -> None:
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
    odd=st.lists(st.sampled_from(ODD_NAMES), max_size=2, unique=True),
    commands=st.lists(st.sampled_from(COMMANDS), min_size=3, max_size=6),
)
def test_nothing_outside_the_repository_changes(
    links: list[tuple[str, str]], gits: list[tuple[int, str]], odd: list[str], commands: list[list[str]]
) -> None:
    top = Path(tempfile.mkdtemp(prefix="guardian-hostile-"))
    try:
        outside = top / "outside"
        (outside / "dir").mkdir(parents=True)
        (outside / "precious.txt").write_text("keep me\n")
        (outside / "dir/inner.txt").write_text("keep me too\n")
        repo = top / "repo"
        repo.mkdir()
        _tree(
            repo, links, [(d, ".git" if d == 0 and n == ".git" else n) for d, n in gits if (d, n) != (0, ".git")], odd
        )
        before = snapshot(outside)
        cwd = os.getcwd()
        os.chdir(repo)  # `plan -o out.json` is relative to the current directory, as for a user
        try:
            for command in commands:
                code, _, err = run(repo, "--no-exec", *command)
                assert code != 1, (command, err)
        finally:
            os.chdir(cwd)
        assert snapshot(outside) == before
        assert not any(p.name == "pwned" for p in top.rglob("*"))
    finally:
        shutil.rmtree(top, ignore_errors=True)
