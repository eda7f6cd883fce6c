"""Fixtures shared by the whole suite: small trees on disk and the sample repository."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPO = REPO_ROOT / "sample_repo"

TreeWriter = Callable[[Mapping[str, str]], Path]


@pytest.fixture
def write_tree(tmp_path: Path) -> TreeWriter:
    """Write ``{relative path: text}`` under a fresh directory (text is dedented) and return it."""

    def write(files: Mapping[str, str]) -> Path:
        root = tmp_path / "repo"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of sample_repo/ (tests may change it freely)."""
    target = tmp_path / "sample_repo"
    shutil.copytree(SAMPLE_REPO, target, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".guardian"))
    return target
