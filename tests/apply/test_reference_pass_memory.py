"""The string/config reference pass's memory follows one file's tree, not the pass's size (issue 17).

libcst's tree of a file with its metadata is cyclic garbage once rewritten, which the command's collector
thresholds leave for the batch's collection. The pass went to the worker pool only above 50 files, so a pass of
a few large files (redis 8.2.0's ``redis/commands/core.py``, 467 KB) kept every tree alive in the parent at once.
Now it goes to the pool by the characters of source it may parse (``PARENT_CHARS``), and without a pool the
parent collects the trees every that many characters (docs/benchmarks-apply.md).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any, TypeVar

import pytest
from apply_helpers import write_files

import codemods.refs
from codemods.refs import rewrite_references
from codemods.workspace import Workspace

_T = TypeVar("_T")
RENAMES = {"pkg.old": "pkg.new"}
#: three modules patching the renamed one by its dotted path: a few files, far below the old 50-file count
FILES = {
    f"pkg/user{n}.py": "from unittest import mock\n\n"
    + "".join(f'def test_{i}():\n    with mock.patch("pkg.old.thing{i}"):\n        pass\n' for i in range(12))
    for n in range(3)
}


class _Modules:
    def name(self, path: str) -> str:
        return path.removesuffix(".py").replace("/", ".")

    def package(self, path: str) -> str | None:
        return None


class _Recording(Executor):
    """A pool that runs each task here and records the file it was given."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def submit(self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any) -> Future[_T]:
        self.paths.append(args[1])
        future: Future[_T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    write_files(tmp_path, {**FILES, "pkg/__init__.py": "", "pkg/new.py": ""})
    return tmp_path


def _rewrite(repo: Path, pool: Executor | None) -> tuple[list[dict[str, object]], dict[str, bytes]]:
    workspace = Workspace(repo, [*FILES, "pkg/__init__.py", "pkg/new.py"])
    try:
        edits, manual, warnings = rewrite_references(workspace, RENAMES, _Modules(), (), pool=pool)
        assert (manual, warnings) == ([], [])
        return edits, {rel: workspace.read_bytes(rel) for rel in FILES}
    finally:
        workspace.close()


@pytest.fixture()
def collections() -> Iterator[list[int]]:
    """The generations the cyclic collector collected while the test ran, with automatic collection off."""
    found: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            found.append(info["generation"])

    enabled = gc.isenabled()
    gc.disable()
    gc.callbacks.append(record)
    try:
        yield found
    finally:
        gc.callbacks.remove(record)
        if enabled:
            gc.enable()


def test_a_pass_of_a_few_large_files_goes_to_the_pool(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three files holding more than ``PARENT_CHARS`` characters go to the pool (before: only over 50 files),
    and the pool's rewriting is the parent's, byte for byte."""
    in_parent = _rewrite(repo, None)
    monkeypatch.setattr(codemods.refs, "PARENT_CHARS", sum(map(len, FILES.values())) - 1, raising=False)
    pool = _Recording()
    assert _rewrite(repo, pool) == in_parent
    assert sorted(pool.paths) == sorted(FILES)
    assert [edit["new"] for edit in in_parent[0]][:2] == ["pkg.new.thing0", "pkg.new.thing1"]
    assert b'mock.patch("pkg.new.thing11")' in in_parent[1]["pkg/user2.py"]


def test_a_pass_within_the_bound_stays_in_the_parent(repo: Path) -> None:
    pool = _Recording()
    _rewrite(repo, pool)
    assert pool.paths == []


def test_the_parent_releases_the_trees_as_it_goes(
    repo: Path, monkeypatch: pytest.MonkeyPatch, collections: list[int]
) -> None:
    """Without a pool, the trees of the files parsed are collected every ``PARENT_CHARS`` characters (before:
    none until the batch's collection, every tree of the pass alive at once)."""
    monkeypatch.setattr(codemods.refs, "PARENT_CHARS", len(FILES["pkg/user0.py"]) - 1, raising=False)
    _rewrite(repo, None)
    assert collections.count(2) >= len(FILES) - 1
