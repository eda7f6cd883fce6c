"""A module a build script lists by name in ``py_modules=`` gets its new name there (issue 13, bottle).

bottle is one top-level module, ``bottle.py``, and its ``setup.py`` declares it with
``setup(py_modules=['bottle'], ...)``. A bare top-level name in a string is never rewritten (it cannot be told
from an ordinary word), so after ``apply --all`` the list still named ``bottle``: a wheel built from the renamed
checkout holds only the shim at the old path, without the module it imports. The same list in ``setup.cfg``
(``[options] py_modules = bottle``) and ``pyproject.toml`` (``[tool.setuptools] py-modules``) was already
rewritten. A string of a ``py_modules=`` keyword's list names a module: a ``py_modules`` reference now,
listed by the plan and rewritten; the same word elsewhere in the script is left.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

SETUP = """\
from setuptools import setup

import tool

setup(
    name="tool",
    version=tool.VERSION,
    py_modules=["tool", "helper"],
    description="tool",
)
OPTIONS = dict(py_modules=("tool",))
"""
CONFIG = 'exempt = ["tests/**", "setup.py", "helper.py"]\n\n[workflows]\n"tool.py" = 1\n'


def test_a_module_listed_in_py_modules_gets_its_new_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {"tool.py": 'VERSION = "1.0"\n', "helper.py": "", "setup.py": SETUP, "guardian.toml": CONFIG},
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    listed = {(r["path"], r["line"], r["kind"], r["action"]) for r in rename["references"]}
    assert ("setup.py", 8, "py_modules", "rewrite") in listed
    assert ("setup.py", 11, "py_modules", "rewrite") in listed

    cli(repo, "-q", "apply", "--all", "--no-tests")

    assert (repo / "setup.py").read_text() == SETUP.replace(
        "import tool\n", "import WF1_V7_L1_1of1_tool as tool\n"
    ).replace('["tool", "helper"]', '["WF1_V7_L1_1of1_tool", "helper"]').replace(
        '("tool",)', '("WF1_V7_L1_1of1_tool",)'
    )
    assert 'name="tool"' in (repo / "setup.py").read_text()  # the distribution's name is no module
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
