"""A table of module paths relative to the package name its call is given keeps working (issue 13, apipkg).

apipkg's ``initpkg(__name__, {"Other": ".othermodule:Other"})`` resolves ``".othermodule"`` against the
package it is given, as ``importlib.import_module(".othermodule", __name__)`` does. No dotted path of the
checkout is spelled there, so the rename left the table naming a module that was gone, nothing was listed,
and every use of the export failed. The plan lists each such string as a ``relative-path`` reference and
apply rewrites it to the new module (``".WF1_..._othermodule:Other"``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**", "pkg/lazy.py"]

[workflows]
"pkg/**" = 1
"""
LAZY = """\
import importlib
import sys


def initpkg(name, table):
    module = sys.modules[name]
    for attr, spec in table.items():
        path, _, obj = spec.partition(":")
        target = importlib.import_module(path, name)
        setattr(module, attr, getattr(target, obj) if obj else target)
"""
INIT = """\
from .lazy import initpkg

initpkg(__name__, {"Other": ".othermodule:Other", "helpers": ".helpers"})
"""
CHECK = "import pkg; print(pkg.Other.__name__, pkg.helpers.f())"


def test_relative_paths_in_a_table_given_the_package_name(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/lazy.py": LAZY,
            "pkg/othermodule.py": "class Other:\n    pass\n",
            "pkg/helpers.py": "def f():\n    return 1\n",
        }
    )
    committed(repo)
    original = snapshot(repo)

    def run() -> str:
        return subprocess.run([sys.executable, "-c", CHECK], cwd=repo, capture_output=True, text=True).stdout

    assert run() == "Other 1\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for r in plan_renames(plan)}
    assert [(r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in found["pkg/othermodule.py"]] == [
        ("pkg/__init__.py", 3, "relative-path", ".othermodule:Other", "rewrite")
    ]
    assert [r["text"] for r in found["pkg/helpers.py"]] == [".helpers"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    init = (repo / "pkg" / "__init__.py").read_text()
    assert '"Other": ".WF1_' in init and '_othermodule:Other"' in init, init
    assert run() == "Other 1\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


TEST_IMPORTS = """\
from pkg.imports import symbol_by_name


def test_package():
    assert symbol_by_name(".othermodule:Other", package="pkg").__name__ == "Other"
"""
SYMBOL_BY_NAME = """\
import importlib


def symbol_by_name(name, package=None):
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module, package=package), attr)
"""


def test_relative_paths_given_a_literal_package_name(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    """kombu 5.7's test ``symbol_by_name(".entity:Exchange", package="kombu")``: the package name is a literal
    keyword, not ``__name__``; before, the string was neither listed nor rewritten and the test failed
    with ``No module named 'kombu.entity'`` after the rename."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG.replace("pkg/lazy.py", "pkg/imports.py"),
            "pkg/__init__.py": "",
            "pkg/imports.py": SYMBOL_BY_NAME,
            "pkg/othermodule.py": "class Other:\n    pass\n",
            "tests/test_imports.py": TEST_IMPORTS,
            # a module (not the package's __init__) importing its sibling relative to __package__
            "pkg/loader.py": 'import importlib\n\nOTHER = importlib.import_module(".othermodule", __package__)\n'
            # a resource file named by a keyword beside a literal package name: no module (review 22, hole 12)
            'RESOURCE = dict(package="pkg", resource=".othermodule")\n',
            "tests/test_loader.py": "def test_loader():\n    from pkg.loader import OTHER\n\n    assert OTHER.Other\n",
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for r in plan_renames(plan) if r["old"] == "pkg/othermodule.py"]
    assert [(r["path"], r["kind"], r["text"]) for r in rename["references"]] == [
        ("pkg/loader.py", "relative-path", ".othermodule"),
        ("tests/test_imports.py", "relative-path", ".othermodule:Other"),
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    loader = next((repo / "pkg").glob("WF1_*_loader.py")).read_text()
    assert 'import_module(".WF1_' in loader, loader
    test = (repo / "tests" / "test_imports.py").read_text()
    assert '".WF1_' in test and '_othermodule:Other", package="pkg"' in test, test
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=repo, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
