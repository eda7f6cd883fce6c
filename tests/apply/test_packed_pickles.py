"""Pickles kept in base64 in source, or compressed under any name, load by the old path after apply (issue 13).

A test's fixture data ``DATA = base64.b64decode("gASV...")`` (a pickle of ``pkg.colors.Color``), a pickle compressed
with zlib inside that base64, and files compressed with gzip, bz2 or xz whose name says nothing of a pickle
(``tests/data/point.gz``, ``tests/data/shape``): the module paths were hidden from the plan (base64 and compressed
bytes hold no ``pkg.colors``), nothing was listed, no shim was written, and ``pickle.loads`` raised
``ModuleNotFoundError`` after the rename. The plan reads such data now: a base64 literal given to ``b64decode`` (its
kin) and a bytes literal or file that starts as compressed data (gzip, bz2, xz, zlib) are decoded, bounded, and
their module paths are ``pickled`` references, kept alive with shims as a plain pickle file's are.
"""

from __future__ import annotations

import base64
import bz2
import gzip
import json
import lzma
import subprocess
import sys
import zlib
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

CLASS = "class {name}:\n    def __init__(self, value):\n        self.value = value\n"
MODULES = {"colors": "Color", "zipped": "Zipped", "points": "Point", "shapes": "Shape", "layers": "Layer"}
TESTS = """\
import base64
import bz2
import gzip
import lzma
import pickle
import zlib
from pathlib import Path

DATA = Path(__file__).parent / "data"
COLOR = base64.b64decode("{color}")
ZIPPED = base64.b64decode(
    "{zipped}"
)


def test_loads():
    assert pickle.loads(COLOR).value == "colors"
    assert pickle.loads(zlib.decompress(ZIPPED)).value == "zipped"
    assert pickle.loads(gzip.decompress((DATA / "point.gz").read_bytes())).value == "points"
    assert pickle.loads(bz2.decompress((DATA / "shape").read_bytes())).value == "shapes"
    assert pickle.loads(lzma.decompress((DATA / "layer.bin.xz").read_bytes())).value == "layers"
"""


def _pickled(repo: Path, module: str) -> bytes:
    """A pickle of ``pkg.<module>``'s class, made by the fixture's own code."""
    code = f"import pickle, sys; from pkg.{module} import {MODULES[module]} as K; sys.stdout.buffer.write(pickle.dumps(K({module!r}), 4))"
    return subprocess.run([sys.executable, "-c", code], cwd=repo, check=True, capture_output=True).stdout


def test_pickles_in_base64_and_compressed_files_keep_their_paths(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            **{f"pkg/{module}.py": CLASS.format(name=name) for module, name in MODULES.items()},
            "pkg/other.py": "VALUE = 1\n",
        },
    )
    color = base64.b64encode(_pickled(repo, "colors")).decode()
    zipped = base64.b64encode(zlib.compress(_pickled(repo, "zipped"))).decode()
    write_files(repo, {"tests/test_data.py": TESTS.format(color=color, zipped=zipped)})
    (repo / "tests/data").mkdir()
    (repo / "tests/data/point.gz").write_bytes(gzip.compress(_pickled(repo, "points"), mtime=0))
    (repo / "tests/data/shape").write_bytes(bz2.compress(_pickled(repo, "shapes")))
    (repo / "tests/data/layer.bin.xz").write_bytes(lzma.compress(_pickled(repo, "layers")))
    (repo / "tests/data/notes.gz").write_bytes(gzip.compress(b"pkg.other is not pickled\n", mtime=0))
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    pickled = {
        (r["path"], r["line"], n["old_module"])
        for b in plan["batches"]
        for n in b["renames"]
        for r in n["references"]
        if r["kind"] == "pickled"
    }
    assert {p for p in pickled if p[0].startswith("tests/")} == {
        ("tests/test_data.py", 10, "pkg.colors"),
        ("tests/test_data.py", 11, "pkg.zipped"),
        ("tests/data/point.gz", 1, "pkg.points"),
        ("tests/data/shape", 1, "pkg.shapes"),
        ("tests/data/layer.bin.xz", 1, "pkg.layers"),
    }

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/other.py").exists()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
