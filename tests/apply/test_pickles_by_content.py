"""Pickled data under any name (breaker finding 6).

Pickles were read only under a pickle suffix; ``point.p``, ``model.bin`` and a file with no suffix were
never opened, so nothing kept the pickled module path alive and ``pickle.load`` raised
``ModuleNotFoundError`` after ``apply --all``. A file is now a pickle by its bytes: protocol 2 or later's
header and opcodes that parse (planner/pickle_sniff.py), a bounded read.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, snapshot

from planner import pickle_sniff
from planner.pickle_sniff import looks_pickled

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import pickle
from pathlib import Path

HERE = Path(__file__).parent


def test_the_points_load():
    for name in ("point.p", "point.bin", "point"):
        assert pickle.loads((HERE / "data" / name).read_bytes()).x == 1
"""


def test_pickles_under_other_names_keep_their_module_paths_alive(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests/data").mkdir(parents=True)
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/model.py").write_text("class Point:\n    pass\n")
    sys.path.insert(0, str(repo))
    try:
        from pkg.model import Point  # type: ignore[import-not-found]

        point = Point()
        point.x = 1
        for name, protocol in (("point.p", 2), ("point.bin", 4), ("point", 5)):
            (repo / "tests/data" / name).write_bytes(pickle.dumps(point, protocol=protocol))
    finally:
        sys.path.remove(str(repo))
        for name in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
            del sys.modules[name]
    # starts as a pickle, but is none: an unknown opcode after the header
    (repo / "tests/data/noise.bin").write_bytes(b"\x80\x02\xff\xfecpkg.model\nPoint\n.")
    (repo / "tests/test_points.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    pickled = {
        (ref["path"], ref["text"])
        for batch in plan["batches"]
        for rename in batch["renames"]
        for ref in rename["references"]
        if ref["kind"] == "pickled"
    }
    assert pickled == {
        ("tests/data/point.p", "pkg.model"),
        ("tests/data/point.bin", "pkg.model"),
        ("tests/data/point", "pkg.model"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/model.py").read_text().startswith("class")  # a shim now
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_only_the_start_of_a_large_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pickle_sniff, "SNIFF_BYTES", 64)
    data = pickle.dumps(list(range(10_000)), protocol=4)
    (tmp_path / "numbers").write_bytes(data)
    (tmp_path / "cut").write_bytes(data[:64])  # as long as what is read: a pickle cut short is none
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    reads: list[int] = []
    real_read = os.read

    def counted(descriptor: int, size: int) -> bytes:
        chunk = real_read(descriptor, size)
        reads.append(len(chunk))
        return chunk

    monkeypatch.setattr(pickle_sniff.os, "read", counted)
    assert looks_pickled(str(tmp_path / "numbers"))
    assert sum(reads) == 64
    reads.clear()
    assert not looks_pickled(str(tmp_path / "image.png"))
    assert sum(reads) == 2
    assert not looks_pickled(str(tmp_path / "cut"))
