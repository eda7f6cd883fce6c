"""The one rule of "is this path inside that tree" (failures/paths.py), and the copy that the PYTHONPATH
check keeps because it runs before any import through sys.path is safe (guardian/pythonpath.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from failures.paths import checkout_root, nearest_holding, within
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
def test_within_and_the_pythonpath_copy(path: str, root: str, inside: bool) -> None:
    assert within(path, root) is inside
    assert pythonpath._within(path, root) is inside


def test_the_nearest_holder_and_the_pythonpath_copy(tmp_path: Path) -> None:
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
        assert pythonpath._repository(deep, markers) == found


def test_the_checkout_root_is_the_whole_checkout_or_the_directory_itself(tmp_path: Path) -> None:
    (tmp_path / "mono" / "pkg").mkdir(parents=True)
    (tmp_path / "mono" / ".git").mkdir()
    os.symlink(tmp_path / "mono" / "pkg", tmp_path / "link")
    assert checkout_root(tmp_path / "link") == Path(os.path.realpath(tmp_path / "mono"))
