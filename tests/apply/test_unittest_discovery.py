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


HELD = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/util.py": "X = 1\n",
    "pkg/selftest/__init__.py": (
        "import os\nimport unittest\n\nPATTERN = 'case_*.py'\n\n\ndef run():\n"
        "    here = os.path.dirname(__file__)\n    top = os.path.dirname(os.path.dirname(here))\n"
        "    suite = unittest.defaultTestLoader.discover(here, pattern=PATTERN, top_level_dir=top)\n"
        "    return suite.countTestCases()\n"
    ),
    "pkg/selftest/case_a.py": _CASE,
    "pkg/lt/__init__.py": (
        "import os\n\n\ndef load_tests(loader, standard_tests, pattern):\n    here = os.path.dirname(__file__)\n"
        "    top = os.path.dirname(os.path.dirname(here))\n"
        "    found = loader.discover(start_dir=here, pattern=pattern or 'lt_*.py', top_level_dir=top)\n"
        "    standard_tests.addTests(found)\n    return standard_tests\n"
    ),
    "pkg/lt/lt_one.py": _CASE,
    "pkg/proto/__init__.py": (
        "import os\n\n\ndef load_tests(loader, standard_tests, pattern):\n    here = os.path.dirname(__file__)\n"
        "    top = os.path.dirname(os.path.dirname(here))\n"
        "    standard_tests.addTests(loader.discover(start_dir=here, pattern=pattern, top_level_dir=top))\n"
        "    return standard_tests\n"
    ),
    "pkg/proto/testcase.py": _CASE,
    "tests/test_selftests.py": (
        "import unittest\n\nimport pkg.util\nfrom pkg import lt, proto, selftest\n\n\n"
        "def test_discovery():\n    assert selftest.run() == 1\n    loader = unittest.TestLoader()\n"
        "    assert loader.loadTestsFromModule(lt).countTestCases() == 1\n"
        "    assert unittest.TestLoader().loadTestsFromModule(proto, pattern='test*.py').countTestCases() == 1\n"
        "    assert pkg.util.X == 1\n"
    ),
}


def test_a_discovery_pattern_held_by_a_name_or_given_to_load_tests_keeps_the_modules(
    cli: Invoke, tmp_path: Path
) -> None:
    """``PATTERN = "case_*.py"`` then ``discover(here, pattern=PATTERN)``, ``pattern or "lt_*.py"`` and a
    ``load_tests(loader, tests, pattern)`` hook handing its ``pattern`` on (unittest's ``test*.py`` by default): only
    a literal was read, and ``case_a``, ``lt_one`` and ``testcase`` were renamed (0 tests ran)."""
    repo = write_files(tmp_path / "repo", HELD)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith("pkg")}
    assert kept == {
        "pkg/selftest/case_a.py": "found by name by pkg/selftest/__init__.py:10, which runs unittest's discovery "
        "(pattern case_*.py)",
        "pkg/lt/lt_one.py": "found by name by pkg/lt/__init__.py:7, which runs unittest's discovery (pattern lt_*.py)",
        "pkg/proto/testcase.py": "found by name by pkg/lt/__init__.py:7, which runs unittest's discovery "
        "(pattern test*.py)",
    }
    assert [r["old"] for r in plan_renames(plan)] == ["pkg/util.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: review30 N5: a pattern built of known text, a loop's items, a class's attribute, a parameter's default
BUILT = {
    "fstr": ("PREFIX = 'fstr_'\n", "pattern=f'{PREFIX}*.py'"),
    "cat": ("PREFIX = 'cat_'\n", "pattern=PREFIX + '*.py'"),
    "loop": ("PATTERNS = ['loop_*.py']\n", "pattern=p"),
    "cls": ("class Config:\n    pattern = 'cls_*.py'\n", "pattern=Config.pattern"),
    "param": ("", "pattern=pattern"),
}
_RUN = (
    "import os\nimport unittest\n\nHERE = os.path.dirname(__file__)\nTOP = os.path.dirname(os.path.dirname(HERE))\n"
    "{pre}\n\ndef run(pattern='param_*.py'):\n    suite = unittest.TestSuite()\n{loop}"
    "    suite.addTests(unittest.TestLoader().discover(HERE, {given}, top_level_dir=TOP))\n"
    "    return suite.countTestCases()\n"
)


def test_a_discovery_pattern_built_of_known_parts_keeps_the_modules(cli: Invoke, tmp_path: Path) -> None:
    """``f"{PREFIX}*.py"``, ``PREFIX + "*.py"``, ``for p in PATTERNS``, ``Config.pattern`` and a parameter's default
    were not read: each case module was renamed and its discovery found 0 tests."""
    files = {"guardian.toml": HELD["guardian.toml"], "pkg/__init__.py": "", "pkg/util.py": "X = 1\n"}
    for name, (pre, given) in BUILT.items():
        loop = "    for p in PATTERNS:\n    " if name == "loop" else ""
        files[f"pkg/{name}/__init__.py"] = _RUN.format(pre=pre, loop=loop, given=given)
        files[f"pkg/{name}/{name}_a.py"] = _CASE
    files["tests/test_built.py"] = "".join(
        f"def test_{name}():\n    from pkg import {name}\n\n    assert {name}.run() == 1\n\n\n" for name in BUILT
    )
    repo = write_files(tmp_path / "repo", files)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith(f"{len(BUILT)} passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = sorted(k["path"] for k in plan.get("kept", []) if k["path"].startswith("pkg"))
    assert kept == sorted(f"pkg/{name}/{name}_a.py" for name in BUILT)

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith(f"{len(BUILT)} passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
