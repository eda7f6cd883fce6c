"""A pickle a data file holds as a base64 string loads by the old path after apply (issue 13, breaker e10).

A JSON fixture ``{"blob": "gASV..."}`` that a test hands to ``pickle.loads(base64.b64decode(...))``: base64 in Python
source was read (tests/apply/test_packed_pickles.py), a data file's strings were not, so the plan listed nothing,
no shim was written and the test raised ``ModuleNotFoundError``. Every text file read is searched for base64
pickles now (JSON, YAML, any data file; planner/pickled_references.py's ``text_pickles``): their module paths are
``pickled`` references, kept alive with shims, the text never rewritten.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

TESTS = """\
import base64, json, pickle, pathlib

def test_loads():
    here = pathlib.Path(__file__).parent / "data"
    blob = json.loads((here / "fx.json").read_text())["blob"]
    assert pickle.loads(base64.b64decode(blob)).value == "colors"
    line = (here / "points.yml").read_text().splitlines()[1].split(": ")[1]
    assert pickle.loads(base64.urlsafe_b64decode(line)).value == "points"
"""


def _pickled(repo: Path, module: str, name: str) -> bytes:
    code = f"import pickle, sys; from pkg.{module} import {name} as K; sys.stdout.buffer.write(pickle.dumps(K({module!r}), 4))"
    return subprocess.run([sys.executable, "-c", code], cwd=repo, check=True, capture_output=True).stdout


def test_base64_pickles_in_data_files_keep_their_paths(cli: Invoke, tmp_path: Path) -> None:
    klass = "class {name}:\n    def __init__(self, value):\n        self.value = value\n"
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/colors.py": klass.format(name="Color"),
            "pkg/points.py": klass.format(name="Point"),
        },
    )
    color = base64.b64encode(_pickled(repo, "colors", "Color")).decode()
    point = base64.urlsafe_b64encode(_pickled(repo, "points", "Point")).decode()
    write_files(
        repo,
        {
            "tests/test_data.py": TESTS,
            "tests/data/fx.json": json.dumps({"blob": color}, indent=1) + "\n",
            "tests/data/points.yml": f"points:\n  blob: {point}\n",
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    pickled = {
        (r["path"], r["line"], n["old_module"], r["action"])
        for b in plan["batches"]
        for n in b["renames"]
        for r in n["references"]
        if r["kind"] == "pickled"
    }
    assert pickled == {
        ("tests/data/fx.json", 2, "pkg.colors", "keep-old-path"),
        ("tests/data/points.yml", 2, "pkg.points", "keep-old-path"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/colors.py").read_text().startswith("class")  # a shim
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
