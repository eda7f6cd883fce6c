"""A test module inside the package keeps its name through ``apply`` with the default ``exempt`` (toolz:
``toolz/tests/test_*.py``), and no keep-alive shim lands on its path.

Before: the computed import below reaches every module under ``pkg``, so ``pkg/tests/test_core.py`` was
renamed to ``WF1_..._test_core.py`` (which pytest does not collect) and a shim left at its old path,
which pytest collected and failed on ("import file mismatch"); the batch's proof then blamed renames.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

FILES = {
    "pkg/__init__.py": (
        '"""Submodules loaded by a computed name (toolz\'s tlz mirror): every module below pkg is reachable."""\n\n'
        "import importlib\n\n\n"
        "def load(fullname):\n"
        '    package, dot, submodules = fullname.partition(".")\n'
        '    return importlib.import_module("".join(["pkg", dot, submodules]))\n'
    ),
    "pkg/core.py": "def one():\n    return 1\n",
    "pkg/tests/__init__.py": "",
    "pkg/tests/test_core.py": (
        "from pkg.core import one\n\n\n"
        "def test_one():\n    assert one() == 1\n\n\n"
        "def test_loaded_by_name():\n    import pkg\n\n"
        '    assert pkg.load("x.core").one() == 1\n'
    ),
    "guardian.toml": f'[validate]\ntests = "python -m pytest -q -p no:cacheprovider pkg"\npython = {json.dumps(sys.executable)}\n',
}


def _suite(repo: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "pkg"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run.stdout.strip().splitlines()[-1].partition(" in ")[0]


def test_an_in_package_test_module_keeps_its_name_gets_no_shim_and_its_imports_follow(
    cli: Invoke, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    write_files(repo, FILES)
    committed(repo)
    original = snapshot(repo)
    assert _suite(repo) == "2 passed"

    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    [rename] = plan_renames(plan)
    assert (rename["old"], rename["new"]) == ("pkg/core.py", "pkg/WF1_V7_L1_1of1_core.py")
    assert [k["path"] for k in plan["kept"]] == ["pkg/tests/test_core.py"]

    result = cli(repo, "apply", "--all")
    assert "tests: baseline 2 passed" in result.output
    test_module = (repo / "pkg" / "tests" / "test_core.py").read_text()
    assert test_module.startswith("from pkg.WF1_V7_L1_1of1_core import one\n")  # its import rewritten
    assert sorted(p.name for p in (repo / "pkg" / "tests").glob("*.py")) == ["__init__.py", "test_core.py"]
    assert (repo / "pkg" / "core.py").read_text().startswith("# guardian-shim:")  # the keep-alive shim stays
    assert _suite(repo) == "2 passed"

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
