"""An import call given a name that is the module's own at run time (graphql-core 3.3.2, issue 13 trial).

``importlib.import_module(inspect.__module__)`` (graphql-core's ``tests/pyutils/test_inspect.py``, ``inspect`` a
function of ``graphql.pyutils.inspect``) imports the module defining ``inspect``: Python sets ``__module__`` from
the module's ``__name__`` when the function is made, so after a rename it is the new name, and the call reaches the
renamed module. A test parametrized by a helper of its file that returns ``pkgutil.walk_packages``' names
(graphql-core's ``tests/test_docs.py``: ``@pytest.mark.parametrize("module_name", all_modules())``, then
``import_module(module_name)``) is given the names the listing finds, the new ones after apply. On main both were
``unknown-dynamic-import`` hazards ("check what it is given") for a person, though nothing can be lost there;
now neither is. A name built on ``__module__`` (``obj.__module__ + ".plugins"``) reaches a module below it by a
name nothing here knows: still a hazard.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import importlib
import pkgutil

import pytest

import pkg
from pkg.m1 import helper


def all_modules():
    return sorted(info.name for info in pkgutil.walk_packages(pkg.__path__, "pkg."))


def test_defining_module():
    assert importlib.import_module(helper.__module__).V == 1


def test_defining_module_by_a_name():
    name = type(helper()).__module__
    assert importlib.import_module(name).V == 1


@pytest.mark.parametrize("module_name", all_modules())
def test_each_module_imports(module_name):
    assert importlib.import_module(module_name).__name__ == module_name
"""
LOADER = """\
import importlib


def plugins(obj):
    return importlib.import_module(obj.__module__ + ".plugins")
"""


def test_a_name_the_module_has_at_run_time_is_no_unknown_import(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n\n\nclass Thing:\n    pass\n\n\ndef helper():\n    return Thing()\n",
            "pkg/m2.py": "V = 2\n",
            "pkg/loader.py": LOADER,
            "tests/test_live.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "5 passed")
    found = [(h["kind"], h["path"], h["line"]) for h in plan["hazards"] if "dynamic-import" in h["kind"]]
    assert found == [("unknown-dynamic-import", "pkg/loader.py", 5)]
    assert "(`obj.__module__`)" in plan["hazards"][0]["detail"]
    applied(cli, repo, "5 passed")
    assert not (repo / "pkg/m1.py").exists()  # no shim
    reverted(cli, repo, original)
