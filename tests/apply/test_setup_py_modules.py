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

from apply_helpers import Invoke, committed, plan_references, plan_renames, snapshot, write_files

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
    [rename] = plan_renames(plan)
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


SHAPES = """\
import setuptools
from setuptools import setup

MODULES = ["alpha"]
MODULES.append("beta")
OPTS = {"py_modules": ["gamma"] + EXTRA, "name": "alpha"}
OPTS["py_modules"] = list(MODULES)
setup(description="café", py_modules=("alpha",) + tuple(MODULES), name="alpha")
setuptools.setup(**OPTS)
setup(py_modules=[p[:-3] for p in os.listdir("src")])
"""


def test_py_modules_read_through_names_dicts_and_subscripts_else_listed(cli: Invoke, tmp_path: Path) -> None:
    """review 25: ``MODULES = ["alpha"]; setup(py_modules=MODULES)`` and ``setup(**{"py_modules": [...]})`` were
    neither listed nor rewritten; a value Guardian cannot read (a name bound nowhere, a comprehension) is listed
    for a person, by the plan and by apply alike."""
    config = 'exempt = ["setup.py"]\n\n[workflows]\n' + "".join(f'"{m}.py" = 1\n' for m in ("alpha", "beta", "gamma"))
    new = {m: f"WF1_V7_L1_{n}of3_{m}" for n, m in enumerate(("alpha", "beta", "gamma"), 1)}
    files = {f"{m}.py": "X = 1\n" for m in new}
    repo = committed(write_files(tmp_path / "repo", {**files, "setup.py": SHAPES, "guardian.toml": config}))
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (r["line"], r["kind"], r["text"], rename["old"], r["action"])
        for rename, r in plan_references(plan)
        if r["path"] == "setup.py"
    }
    assert {(line, kind, text) for line, kind, text, _module, _action in listed if kind == "py_modules"} == {
        (4, "py_modules", "alpha"),
        (5, "py_modules", "beta"),
        (6, "py_modules", "gamma"),
        (8, "py_modules", "alpha"),  # after a non-ASCII string: its column in characters, as libcst counts
    }
    unknown = {(line, text, module) for line, kind, text, module, action in listed if action == "follow-up"}
    assert unknown == {(line, text, f"{m}.py") for line, text in ((6, "EXTRA"), (10, "listcomp")) for m in new}

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    expected = SHAPES
    for line, old in ((4, "alpha"), (5, "beta"), (6, "gamma"), (8, "alpha")):
        lines = expected.split("\n")
        lines[line - 1] = lines[line - 1].replace(f'"{old}"', f'"{new[old]}"', 1)
        expected = "\n".join(lines)
    assert (repo / "setup.py").read_text(encoding="utf-8") == expected  # name="alpha", the distribution's, is left
    follow_ups = {m["detail"] for b in report["batches"] for m in b["manual_follow_up"] if "py_modules" in m["detail"]}
    assert {f.split(": ")[0] + ": " + f.rpartition(": ")[2] for f in follow_ups} == {
        "setup.py:6: 'EXTRA'",
        "setup.py:10: 'listcomp'",
    }
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


SETUP_CFG = """\
[metadata]
name = fmttool
version = 0.1

[options]
py_modules =
    fmttool
    lintool
install_requires = click, fmttool_extras

[options.entry_points]
console_scripts =
    fmttool = fmttool:main

[flake8]
application-import-names = fmttool, lintool
"""
PYPROJECT = """\
[project]
name = "fmttool"
version = "0.1"

[tool.setuptools]
# "fmttool" and "lintool" are the two modules
py-modules = ["fmttool", "lintool"]
"""


def test_py_modules_listed_in_configuration_are_each_a_module(cli: Invoke, tmp_path: Path) -> None:
    """breaker B11: ``setup.cfg``'s ``py_modules`` continued on lines (or after a comma) was rewritten only for its
    first value after ``=``, which never is on its own line, so the wheel built after the rename lacked both
    modules; and the plan listed none of the names apply rewrote, in ``pyproject.toml`` neither. Each item of an
    INI key's value and each quoted word of a TOML value is a module by position now, listed and rewritten alike;
    the distribution's name, an entry point's name, a longer word and a comment are left."""
    config = 'exempt = ["tests/**"]\n\n[workflows]\n"fmttool.py" = 1\n"lintool.py" = 1\n'
    files = {"fmttool.py": "def main():\n    return 0\n", "lintool.py": "import fmttool\n"}
    repo = write_files(tmp_path / "repo", {**files, "setup.cfg": SETUP_CFG, "pyproject.toml": PYPROJECT})
    committed(write_files(repo, {"guardian.toml": config}))
    original = snapshot(repo)
    new = {"fmttool": "WF1_V7_L1_1of2_fmttool", "lintool": "WF1_V7_L2_2of2_lintool"}
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (r["path"], r["line"], r["text"], rename["old"])
        for rename, r in plan_references(plan)
        if r["path"] in ("setup.cfg", "pyproject.toml")
    }
    assert listed == {
        ("setup.cfg", 7, "fmttool", "fmttool.py"),
        ("setup.cfg", 8, "lintool", "lintool.py"),
        ("setup.cfg", 13, "fmttool:main", "fmttool.py"),
        ("setup.cfg", 16, "fmttool", "fmttool.py"),
        ("setup.cfg", 16, "lintool", "lintool.py"),
        ("pyproject.toml", 7, "fmttool", "fmttool.py"),
        ("pyproject.toml", 7, "lintool", "lintool.py"),
    }

    cli(repo, "-q", "apply", "--all", "--no-tests")

    expected_cfg = SETUP_CFG.replace("    fmttool\n    lintool", f"    {new['fmttool']}\n    {new['lintool']}")
    expected_cfg = expected_cfg.replace("= fmttool:main", f"= {new['fmttool']}:main")
    expected_cfg = expected_cfg.replace("= fmttool, lintool", f"= {new['fmttool']}, {new['lintool']}")
    assert (repo / "setup.cfg").read_text(encoding="utf-8") == expected_cfg
    expected_toml = PYPROJECT.replace('["fmttool", "lintool"]', f'["{new["fmttool"]}", "{new["lintool"]}"]')
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == expected_toml
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
