"""Pickled test data, compressed (issue 13, networkx).

networkx's flow tests load ``gl1.gpickle.bz2``: a pickled graph whose bytes name
``networkx.classes.digraph``. The planner read pickles' bytes (``.pickle``, ``.pkl``, ``.dat``) for module
paths and kept those alive with a shim, but a ``.gpickle`` and any compressed pickle were never opened:
after ``apply --all`` four tests failed with ``ModuleNotFoundError``. Such a file is now read
decompressed (bounded: a bomb is cut, never expanded whole).
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import pickle
import random
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

from planner import pickled_data
from planner.pickled_data import read_pickled

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import bz2
import gzip
import lzma
import pickle
from pathlib import Path

HERE = Path(__file__).parent


def test_the_pickled_graphs_load():
    assert pickle.load(bz2.open(HERE / "graph.gpickle.bz2")).edges == [(1, 2)]
    assert pickle.load(gzip.open(HERE / "path.pkl.gz")).nodes == ["a"]
    assert pickle.load(lzma.open(HERE / "tree.pickle.xz")).edges == [(3, 4)]
"""


def test_compressed_pickles_keep_their_module_paths_alive(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/digraph.py").write_text("class DiGraph:\n    def __init__(self, edges):\n        self.edges = edges\n")
    (repo / "pkg/paths.py").write_text("class Path:\n    def __init__(self, nodes):\n        self.nodes = nodes\n")
    (repo / "pkg/trees.py").write_text("from pkg.digraph import DiGraph\n\n\nclass Tree(DiGraph):\n    pass\n")
    sys.path.insert(0, str(repo))
    try:
        from pkg.digraph import DiGraph  # type: ignore[import-not-found]
        from pkg.paths import Path as GraphPath  # type: ignore[import-not-found]
        from pkg.trees import Tree  # type: ignore[import-not-found]

        (repo / "tests/graph.gpickle.bz2").write_bytes(bz2.compress(pickle.dumps(DiGraph([(1, 2)]), protocol=2)))
        (repo / "tests/path.pkl.gz").write_bytes(gzip.compress(pickle.dumps(GraphPath(["a"])), mtime=0))
        (repo / "tests/tree.pickle.xz").write_bytes(lzma.compress(pickle.dumps(Tree([(3, 4)]), protocol=4)))
    finally:
        sys.path.remove(str(repo))
        for name in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
            del sys.modules[name]
    (repo / "tests/test_graphs.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    pickled = {(ref["path"], ref["text"]) for _, ref in plan_references(plan) if ref["kind"] == "pickled"}
    assert pickled == {
        ("tests/graph.gpickle.bz2", "pkg.digraph"),
        ("tests/path.pkl.gz", "pkg.paths"),
        ("tests/tree.pickle.xz", "pkg.trees"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/paths.py").read_text().startswith("class")  # a shim now
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_decompression_bomb_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pickled_data, "MAX_PICKLE_BYTES", 1 << 20)  # the bound, small: no 256 MiB in the test
    bomb = tmp_path / "huge.pkl.bz2"
    bomb.write_bytes(bz2.compress(b"\0" * (pickled_data.MAX_PICKLE_BYTES * 4)))
    assert bomb.stat().st_size < 10_000
    data = read_pickled(bomb, 100_000)
    assert data is not None and len(data) == pickled_data.MAX_PICKLE_BYTES
    assert read_pickled(bomb, bomb.stat().st_size - 1) is None  # larger on disk than allowed: not read
    (tmp_path / "bad.pkl.gz").write_bytes(b"not gzip")
    assert read_pickled(tmp_path / "bad.pkl.gz", 100_000) is None


def test_a_large_pickle_is_read_and_one_too_large_is_named(cli: Invoke, tmp_path: Path) -> None:
    """A pickle over the 2 MB of other data files is read up to the size of a module (review 23, 12); one
    larger still is named in a warning, never skipped in silence."""
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/models.py").write_text("class Model:\n    pass\n")
    padding = random.Random(7).randbytes(3_000_000)  # 3 MB that do not compress
    (repo / "tests/big.pkl.gz").write_bytes(gzip.compress(b"\x80\x02cpkg.models\nModel\n" + padding, mtime=0))
    assert (repo / "tests/big.pkl.gz").stat().st_size > 2_000_000
    with open(repo / "tests/huge.pkl", "wb") as huge:  # sparse: no disk used
        huge.truncate(65 << 20)
    committed(repo)
    done = cli(repo, "--json", "plan")
    plan = json.loads(done.stdout)
    pickled = {(r["path"], r["text"]) for _, r in plan_references(plan)}
    assert ("tests/big.pkl.gz", "pkg.models") in pickled
    assert "tests/huge.pkl: pickled data not read whole (68157440 bytes, larger than Guardian reads" in done.stderr
