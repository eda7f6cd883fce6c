"""The one rule of "is this path inside that tree" and "which tree is the checkout" (failures/paths.py), which
the PYTHONPATH check runs from its file because it runs before any import through sys.path is safe
(guardian/pythonpath.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from failures import paths
from failures.paths import checkout_root, nearest_holding, outermost_work_tree, within
from guardian import pythonpath

CASES = [
    ("/repo", "/repo", True),
    ("/repo/a/b", "/repo", True),
    ("/repo2", "/repo", False),  # a sibling whose name starts with the root's is not inside
    ("/repo2/a", "/repo", False),
    ("/re", "/repo", False),
    ("/", "/repo", False),
    ("/repo/a", "/repo/", True),  # a root written with a trailing separator
    ("/repo", "/repo/", False),  # as written: the caller normalises both sides alike
    ("/anything", "/", True),
    ("/", "/", True),
    ("/Repo/a", "/repo", False),  # case counts
]


@pytest.mark.parametrize(("path", "root", "inside"), CASES)
def test_within(path: str, root: str, inside: bool) -> None:
    assert within(path, root) is inside


def test_the_nearest_holder(tmp_path: Path) -> None:
    real = os.path.realpath(tmp_path)
    deep = os.path.join(real, "mono", "pkg", "src")
    os.makedirs(deep)
    os.symlink(os.path.join(real, "nowhere"), os.path.join(real, "mono", ".git"))  # a dangling link counts
    (tmp_path / "mono" / "pkg" / "pyproject.toml").write_text("")
    for markers, found in [
        ((".git",), os.path.join(real, "mono")),
        ((".git", "pyproject.toml"), os.path.join(real, "mono", "pkg")),
        (("no-such-marker-anywhere",), None),
    ]:
        assert nearest_holding(deep, markers) == found


def test_the_checkout_root_is_the_whole_checkout_or_the_directory_itself(tmp_path: Path) -> None:
    (tmp_path / "mono" / "pkg").mkdir(parents=True)
    (tmp_path / "mono" / ".git").mkdir()
    os.symlink(tmp_path / "mono" / "pkg", tmp_path / "link")
    assert checkout_root(tmp_path / "link") == os.path.realpath(tmp_path / "mono")


def test_the_checkout_is_the_outermost_work_tree_past_git_files(tmp_path: Path) -> None:
    real = Path(os.path.realpath(tmp_path))
    sub = real / "home" / "mono" / "pkg" / "sub"
    sub.mkdir(parents=True)
    (real / "home" / ".git").mkdir()  # a home directory that is a repository of its own
    (real / "home" / "mono" / ".git").mkdir()  # the superproject: a clone's top
    (sub.parent / ".git").write_text("gitdir: ../.git/modules/pkg\n")  # a submodule
    (sub / ".git").symlink_to(real / "nowhere")  # a link is no clone's top either
    assert outermost_work_tree(str(sub)) == str(real / "home" / "mono")
    (real / "home" / "mono" / ".git").rmdir()
    (real / "home" / "mono" / ".git").write_text("gitdir: elsewhere\n")  # a linked work tree
    assert outermost_work_tree(str(sub)) == str(real / "home")


def test_without_git_the_checkout_is_the_directory_run_from_above_the_root(tmp_path: Path) -> None:
    real = Path(os.path.realpath(tmp_path))
    pkg = real / "top" / "pkg"
    (pkg / "src").mkdir(parents=True)
    if outermost_work_tree(str(real)) is not None:
        pytest.skip("the test's temporary directory is inside a git work tree")
    assert checkout_root(pkg, str(real / "top")) == str(real / "top")  # --repo pkg from the tarball's top
    assert checkout_root(pkg, str(pkg / "src")) == str(pkg)  # a run from inside the root
    assert checkout_root(pkg, str(real / "elsewhere")) == str(pkg)  # a run from beside it
    assert checkout_root(pkg, os.sep) == str(pkg)  # never the whole file system
    assert checkout_root(pkg) == str(pkg)  # the checks of HOME, TMPDIR and outputs give no directory


def test_the_pythonpath_check_runs_this_very_file() -> None:
    assert pythonpath.paths.checkout_root.__code__.co_filename == paths.__file__
