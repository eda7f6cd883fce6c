"""A module unittest's discovery finds by its file name keeps it (issue 13, breaker c17).

``unittest.defaultTestLoader.discover(dir, pattern="case_*.py")`` in a package's self-test, ``unittest.TestLoader()
.discover(dir, "chk_*.py")`` and ``python -m unittest discover -s suites -p "suite_*.py"`` in a Makefile find test
modules by their file names, as pytest's ``python_files`` does: renamed to ``WF1_..._case_a.py`` they no longer
match, and the self-test ran 0 tests (``(0, 0) == (2, 0)``). The modules the pattern matches (``test*.py``, unittest's
default, without one) are listed under ``kept`` with the line that runs the discovery (planner/unittest_discovery.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

_CASE = "import unittest\n\n\nclass Case(unittest.TestCase):\n    def test_it(self):\n        self.assertTrue(True)\n"
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n"suites/**" = 1\n',
    "Makefile": 'check:\n\tpython -m unittest discover -s suites -p "suite_*.py"\n',
    "pkg/__init__.py": "",
    "pkg/util.py": "X = 1\n",
    "pkg/selftest/__init__.py": (
        "import os\nimport unittest\n\n\ndef run():\n"
        "    here = os.path.dirname(__file__)\n"
        "    top = os.path.dirname(os.path.dirname(here))\n"
        '    suite = unittest.defaultTestLoader.discover(here, pattern="case_*.py", top_level_dir=top)\n'
        "    result = unittest.TestResult()\n    suite.run(result)\n"
        "    return result.testsRun, len(result.errors) + len(result.failures)\n"
    ),
    "pkg/selftest/case_a.py": _CASE,
    "pkg/selftest/case_b.py": _CASE,
    "pkg/selftest/helper.py": "Y = 2\n",
    "pkg/check/__init__.py": (
        "import os\nimport unittest\n\n\ndef run():\n"
        "    here = os.path.dirname(__file__)\n"
        '    suite = unittest.TestLoader().discover(here, "chk_*.py", os.path.dirname(os.path.dirname(here)))\n'
        "    return suite.countTestCases()\n"
    ),
    "pkg/check/chk_one.py": _CASE,
    "suites/suite_x.py": _CASE,
    "tests/test_selftests.py": (
        "import subprocess\nimport sys\nfrom pathlib import Path\n\n"
        "import pkg.util\nfrom pkg import check, selftest\n\n\n"
        "def test_discovery():\n"
        "    assert selftest.run() == (2, 0)\n    assert check.run() == 1\n    assert pkg.util.X == 1\n"
        "    root = Path(__file__).resolve().parent.parent\n"
        '    args = [sys.executable, "-m", "unittest", "discover", "-s", "suites", "-p", "suite_*.py"]\n'
        "    ran = subprocess.run(args, cwd=root, capture_output=True, text=True)\n"
        '    assert "Ran 1 test" in ran.stderr\n'
    ),
}


def test_modules_unittest_discovery_finds_by_name_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith(("pkg", "suites"))}
    selftest = "found by name by pkg/selftest/__init__.py:8, which runs unittest's discovery (pattern case_*.py)"
    assert kept == {
        "pkg/selftest/case_a.py": selftest,
        "pkg/selftest/case_b.py": selftest,
        "pkg/check/chk_one.py": "found by name by pkg/check/__init__.py:7, which runs unittest's discovery (pattern chk_*.py)",
        "suites/suite_x.py": "found by name by Makefile:2, which runs unittest's discovery (pattern suite_*.py)",
    }
    assert sorted(r["old"] for r in plan_renames(plan)) == ["pkg/selftest/helper.py", "pkg/util.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
