"""A module imported by its bare name from its package's directory put on ``sys.path`` keeps its name (issue 13).

execnet's serializer tests write a script that puts ``Path(execnet.__file__).parent`` first on ``sys.path`` and
runs ``import gateway_base as serializer``: the module is imported by its file name, as a top-level module, in
source no import graph reads (a string written to a file). Renamed, ``gateway_base`` is no longer found and the
15 tests failed. A file that takes the directory of a package's ``__file__`` (``Path(pkg.__file__).parent``,
``os.path.dirname(pkg.__file__)``) and imports a bare name, in its code or in Python source a string holds, keeps
the module of that name in that package's directory (planner/package_dir_imports.py); another name, a module of
another directory and a file that takes no package's directory keep nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

TESTS = """\
import os
import subprocess
import sys
from pathlib import Path

import pkg
from pkg import other, sub  # noqa: F401

PKGDIR = str(Path(pkg.__file__).parent)


def test_script(tmp_path):
    script = tmp_path / "dump.py"
    script.write_text(f"import sys\\nsys.path.insert(0, {PKGDIR!r})\\nimport codec as c\\nprint(c.VALUE)\\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert done.stdout == "1\\n"


def test_in_process():
    sys.path.insert(0, os.path.dirname(pkg.__file__))
    try:
        import table
    finally:
        sys.path.pop(0)
    assert table.ROWS == 2


def test_stdlib_name():
    source = "import json\\nfrom helper import x\\n"  # json is no module of pkg; helper is pkg.sub's
    assert "json" in source and other.NAME == "other"
"""


def test_modules_imported_from_their_package_directory_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/codec.py": "VALUE = 1\n",
            "pkg/table.py": "ROWS = 2\n",
            "pkg/other.py": "NAME = 'other'\n",
            "pkg/json.py": "X = 1\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/helper.py": "x = 1\n",
            "tests/__init__.py": "",
            "tests/test_dir.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith("pkg/")}
    why = "imported by its bare name from its package's directory put on sys.path"
    assert kept == {
        "pkg/codec.py": f"found by name by tests/test_dir.py:14, {why}",
        "pkg/table.py": f"found by name by tests/test_dir.py:22, {why}",
        "pkg/json.py": f"found by name by tests/test_dir.py:29, {why}",
    }
    renamed = sorted(r["old"] for r in plan_renames(plan))
    assert renamed == ["pkg/other.py", "pkg/sub/helper.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/other.py").exists() and (repo / "pkg/codec.py").exists()
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
