"""The journal walks its blobs and staging directories once per batch, not once per file (issue 17).

Every file Guardian writes for itself goes through ``rollback.door``, which opens each component of
the path without following a symlink. A batch's blobs (two per changed file) and staged contents all
live in one directory each: walking it from the repository for every file cost five directory opens
per blob and ten per staged file (141,037 over a 2,000-module run). The directory is now opened once
and each file written in it through its descriptor; the tree, the blobs and a revert are the same.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from treeutil import new_repo, snapshot

from rollback import Journal, Write

FILES = 12
TREE = {f"pkg/mod{n}.py": (f"VALUE = {n}\n".encode(), 0o644) for n in range(FILES)}


def test_a_batch_opens_its_blobs_and_staging_directories_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = new_repo(tmp_path, TREE)
    original = snapshot(repo)
    opened: list[str] = []
    real_open = os.open

    def counting_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        fd = real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
        if flags & os.O_DIRECTORY and kwargs.get("dir_fd") is not None:
            opened.append(str(path))  # a directory the door opened (a failed open is not counted)
        return fd

    monkeypatch.setattr(os, "open", counting_open)
    Journal(repo).apply("1", [Write(f"pkg/mod{n}.py", f"VALUE = {n + 100}\n".encode()) for n in range(FILES)])
    monkeypatch.undo()

    assert opened.count("blobs") == 1  # 24 blobs (each file before and after) written in it
    assert opened.count(".staging") == 1  # 12 contents staged there, then renamed into the tree from it
    assert (repo / "pkg/mod3.py").read_bytes() == b"VALUE = 103\n"
    assert len(list((repo / ".guardian/journal/1/blobs").iterdir())) == 2 * FILES
    assert not (repo / ".guardian/journal/1/.staging").exists()
    Journal(repo).revert("1")
    assert snapshot(repo) == original
