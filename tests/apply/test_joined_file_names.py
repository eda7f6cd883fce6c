"""A bare file name joined onto another directory is no module's file (issue 13, uvicorn 0.55.0).

uvicorn's ``test_app_dir`` writes an application to ``tmp_path / "dir" / "app_dir" / "main.py"`` and loads it as
``"main:app"``. ``uvicorn/main.py`` is the checkout's only ``main.py``, so the string was taken for that module's
file by its bare name, rewritten, and the test lost its application. A bare file name that a path join puts
below a directory not taken from a ``__file__`` is listed for a person now (``joined-file-name``) and left;
below the module's own directory (``Path(pkg.__file__).parent / "main.py"``) it is still rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

TESTS = """\
import importlib
import os
import sys
from pathlib import Path

import pkg

HERE = Path(pkg.__file__).parent


def test_an_application_of_its_own(tmp_path):
    app = tmp_path / "app" / "main.py"
    app.parent.mkdir()
    app.write_text("VALUE = 42\\n")
    also = os.path.join(str(tmp_path), "main.py")
    sys.path.insert(0, str(app.parent))
    try:
        assert importlib.import_module("main").VALUE == 42 and not os.path.exists(also)
    finally:
        sys.path.remove(str(app.parent))


def test_the_packages_own_file():
    assert (HERE / "main.py").is_file()
    assert HERE.joinpath("main.py").is_file()
"""
NEW = "WF1_V7_L1_1of1_main.py"


def test_a_file_name_below_another_directory_is_left(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/main.py": "def run():\n    return 1\n",
            "tests/test_app.py": TESTS,
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["line"], r["kind"], r["action"]) for r in rename["references"] if r["path"] == "tests/test_app.py"}
    assert kinds == {
        (12, "joined-file-name", "follow-up"),
        (15, "joined-file-name", "follow-up"),
        (24, "file-name", "rewrite"),
        (25, "file-name", "rewrite"),
    }

    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)

    tests = (repo / "tests/test_app.py").read_text()
    assert tests == TESTS.replace('(HERE / "main.py")', f'(HERE / "{NEW}")').replace(
        'joinpath("main.py")', f'joinpath("{NEW}")'
    )
    follow_ups = [f["detail"] for b in done["batches"] for f in b["manual_follow_up"]]
    assert [f.partition(": manual")[0] for f in follow_ups] == ["tests/test_app.py:12", "tests/test_app.py:15"]
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
