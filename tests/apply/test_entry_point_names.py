"""An entry point's name spelled like a module path keeps its name; only its value is rewritten (issue 13,
pytest-xdist 3.8.0).

pytest-xdist declares ``[project.entry-points.pytest11] "xdist.looponfail" = "xdist.looponfail"``: the left side
is the plugin's name (``pytest -p no:xdist.looponfail``), the right side the module. Apply rewrote both, in
``pyproject.toml`` and in the checkout's ``*.egg-info/entry_points.txt``; the installed copy's metadata still
named the plugin by its old name, pluggy found one module under two names and refused to start: the whole suite
was lost. Every spelling of a declaration is read so: PEP 621's and Poetry's tables (quoted and bare keys, inline
tables), ``setup.cfg``'s ``[options.entry_points]``, ``setup.py``'s ``entry_points=`` strings, an egg-info's file;
and a lookup by name in code (``entry_points(group=..., name=...)``).
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
PYPROJECT = """\
[project]
name = "pkg"
version = "1.0"
scripts = {{ "pkg.plug" = "{module}:main" }}

[project.entry-points.pytest11]
"pkg.plug" = "{module}"

[project.gui-scripts]
'pkg.plug' = '{module}:main'

[tool.poetry.plugins."pkg.hooks"]
pkg.plug = "{module}"

[tool.poetry.scripts]
"pkg.plug" = {{ reference = "{module}:main", type = "console" }}
"""
SETUP_CFG = """\
[options.entry_points]
pytest11 =
    pkg.plug = {module}
console_scripts =
    pkg.plug={module}:main
"""
SETUP_PY = """\
from setuptools import setup

setup(
    entry_points={{
        "pytest11": ["pkg.plug = {module}"],
        "console_scripts": "pkg.plug = {module}:main",
    }},
)
"""
EGG_INFO = """\
[pytest11]
pkg.plug = {module}

[pkg.hooks]
pkg.plug = {module}:main
"""
PKG_INFO = "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n"
SUITE = """\
from importlib.metadata import entry_points


def test_the_plugin_is_found_by_its_name():
    [plugin] = entry_points(group="pytest11", name="pkg.plug")
    assert plugin.load().MARK == "plug"
    [hook] = entry_points(group="pkg.hooks", name="pkg.plug")
    assert hook.load()() == "plug"
"""


def _tree(root: Path) -> Path:
    files = {
        "guardian.toml": CONFIG,
        "pkg/__init__.py": "",
        "pkg/plug.py": 'MARK = "plug"\n\n\ndef main():\n    return MARK\n',
        "pyproject.toml": PYPROJECT.format(module="pkg.plug"),
        "setup.cfg": SETUP_CFG.format(module="pkg.plug"),
        "setup.py": SETUP_PY.format(module="pkg.plug"),
        "pkg.egg-info/entry_points.txt": EGG_INFO.format(module="pkg.plug"),
        "pkg.egg-info/PKG-INFO": PKG_INFO,
        "tests/__init__.py": "",
        "tests/test_plug.py": SUITE,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_an_entry_point_s_name_stays_and_its_value_is_rewritten(cli: Invoke, tmp_path: Path) -> None:
    repo = _tree(tmp_path / "repo")
    plan, original = planned(cli, repo, "1 passed")
    listed = sorted((x["path"], x["line"], x["text"]) for r, x in plan_references(plan) if r["old"] == "pkg/plug.py")
    assert listed == [  # each value, never a name (nor the suite's lookups by name)
        ("pkg.egg-info/entry_points.txt", 2, "pkg.plug"),
        ("pkg.egg-info/entry_points.txt", 5, "pkg.plug:main"),
        ("pyproject.toml", 4, "pkg.plug:main"),
        ("pyproject.toml", 7, "pkg.plug"),
        ("pyproject.toml", 10, "pkg.plug:main"),
        ("pyproject.toml", 13, "pkg.plug"),
        ("pyproject.toml", 16, "pkg.plug:main"),
        ("setup.cfg", 3, "pkg.plug"),
        ("setup.cfg", 5, "pkg.plug:main"),
        ("setup.py", 5, "pkg.plug"),
        ("setup.py", 6, "pkg.plug"),
    ]

    applied(cli, repo, "1 passed")
    [rename] = [r for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/plug.py"]
    module = rename["new_module"]
    assert (repo / "pyproject.toml").read_text() == PYPROJECT.format(module=module)
    assert (repo / "setup.cfg").read_text() == SETUP_CFG.format(module=module)
    assert (repo / "setup.py").read_text() == SETUP_PY.format(module=module)
    assert (repo / "pkg.egg-info/entry_points.txt").read_text() == EGG_INFO.format(module=module)
    assert (repo / "tests/test_plug.py").read_text() == SUITE
    reverted(cli, repo, original)
