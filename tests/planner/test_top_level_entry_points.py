"""An entry point naming a top-level module, ``N8 = tool:Checker``, is an ``entry-point`` reference (issue 13, pep8-naming 0.15.1).

pep8-naming is one module, ``src/pep8ext_naming.py``, and flake8 loads it from its ``setup.py``'s ``entry_points``,
``'N8 = pep8ext_naming:NamingChecker'``. Apply rewrote the declaration, but the plan read a module path there only
when it had a dot (``pkg.mod:attr``): it listed nothing, kept no shim at the old path, and the environment's
installed metadata still named ``pep8ext_naming``, so ``flake8`` failed to load the plugin after ``apply --all``
(``FailedToLoadPlugin``). The same in ``pyproject.toml``'s ``[project.scripts]`` (autopep8's ``autopep8 =
"autopep8:main"``), ``setup.cfg``'s ``[options.entry_points]`` and an egg-info's ``entry_points.txt``.
A top-level package's name (``pkg:main``) is its ``__init__``, which keeps its name; a value elsewhere
(``key = "tool:x"`` in another table) is no entry point.
"""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.reference_kinds import reference_action
from planner.scan import scan_repo

SETUP = """\
from setuptools import setup

setup(
    py_modules=["tool"],
    entry_points={
        "flake8.extension": ["N8 = tool:Checker", "P1 = pkg:main"],
        "console_scripts": ["tool-cli = tool:main [extra]"],
    },
)
"""
PYPROJECT = '[project.scripts]\ntool = "tool:main"\nother = "pkg:main"\n\n[tool.other]\nkey = "tool:main"\n'
SETUP_CFG = "[options.entry_points]\nconsole_scripts =\n    tool = tool:main\n"
EGG_INFO = "[flake8.extension]\nN8 = tool:Checker\n"


def test_a_top_level_module_named_by_an_entry_point_is_listed(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("def main():\n    pass\n")
    (tmp_path / "tool.py").write_text("class Checker:\n    pass\n\n\ndef main():\n    pass\n")
    (tmp_path / "setup.py").write_text(SETUP)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "setup.cfg").write_text(SETUP_CFG)
    (tmp_path / "tool.egg-info").mkdir()
    (tmp_path / "tool.egg-info" / "entry_points.txt").write_text(EGG_INFO)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    dynamic, _hazards = find_dynamic(tmp_path, scan)
    found = sorted((r.path, r.line, r.kind, r.text, r.module) for r in (*scan.references, *dynamic))
    assert [f for f in found if f[2] == "entry-point"] == [
        ("pyproject.toml", 2, "entry-point", "tool:main", "tool"),
        ("setup.cfg", 3, "entry-point", "tool:main", "tool"),
        ("setup.py", 6, "entry-point", "tool:Checker", "tool"),
        ("setup.py", 7, "entry-point", "tool:main", "tool"),
        ("tool.egg-info/entry_points.txt", 2, "entry-point", "tool:Checker", "tool"),
    ]
    assert reference_action("entry-point") == "rewrite-keep-old-path"
