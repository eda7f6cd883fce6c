"""A ``conftest.py``'s ``collect_ignore_glob`` still leaves a renamed file out of collection (issue 13).

Under ``--doctest-modules`` pytest imports every module it collects; a module that raises ``ImportError`` off
Windows is kept out by ``collect_ignore_glob = ["pkg/win_*.py"]`` or ``["*/legacy_reg.py"]``. Before, nothing was
listed or rewritten: pytest collected ``pkg/WF1_..._win_reg.py``, and its collection error interrupted the run, so
every test was lost. The plan lists each such glob (``conftest:glob``) and apply rewrites it as a ``--ignore-glob``
of a configuration file is (planner/conftest_globs.py, codemods/conftest_globs.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot, write_files

RAISES = 'import sys\n\nif sys.platform != "win32":\n    raise ImportError("windows only")\n'


def whole_suite(repo: Path) -> str:
    """The summary line of pytest run at the repository's root: the modules' doctests too."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True).stdout.strip().rpartition("\n")[2]


CONFTEST = 'collect_ignore_glob = ["pkg/win_*.py"]\ncollect_ignore_glob += ["*/legacy_reg.py"]\n'


def test_collect_ignore_globs_follow_the_renamed_files(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pytest.ini": "[pytest]\npythonpath = .\naddopts = --doctest-modules\n",
            "conftest.py": CONFTEST,
            "pkg/__init__.py": "",
            "pkg/calc.py": 'def add(a, b):\n    """\n    >>> add(1, 2)\n    3\n    """\n    return a + b\n',
            "pkg/win_reg.py": RAISES,
            "pkg/legacy_reg.py": RAISES,
            "tests/test_calc.py": "from pkg.calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n",
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert whole_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (r["old"], ref["kind"], ref["text"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["path"] == "conftest.py"
    }
    assert listed == {
        ("pkg/win_reg.py", "conftest:glob", "pkg/win_*.py", "rewrite"),
        ("pkg/legacy_reg.py", "conftest:glob", "*/legacy_reg.py", "rewrite"),
    }

    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = re.sub(r"WF\d+_V\d+_L\d+_\d+of\d+_", "WF_", (repo / "conftest.py").read_text())
    assert after == 'collect_ignore_glob = ["pkg/*win_*.py"]\ncollect_ignore_glob += ["*/WF_legacy_reg.py"]\n'
    assert not (repo / "pkg/win_reg.py").exists()
    assert whole_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_only_whole_entries_are_globs(cli: Invoke, tmp_path: Path) -> None:
    """A computed entry (``"*" * 3 + "calc.py"``) is no glob pytest reads: its ``"*"`` was listed as a rewrite for
    every renamed file, which apply never made (review28 F5). A tuple's entries are read as a list's."""
    conftest = 'collect_ignore_glob = ("pkg/win_*.py",)\ncollect_ignore_glob += ["*" * 3 + "calc.py"]\n'
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "conftest.py": conftest,
            "pkg/__init__.py": "",
            "pkg/calc.py": "V = 1\n",
            "pkg/win_reg.py": RAISES,
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (r["old"], ref["line"], ref["text"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["path"] == "conftest.py"
    }
    assert listed == {("pkg/win_reg.py", 1, "pkg/win_*.py", "rewrite")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = (repo / "conftest.py").read_text()
    assert after == conftest.replace("pkg/win_*.py", "pkg/*win_*.py")
