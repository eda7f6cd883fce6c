"""An import below a renamed module that no file serves keeps not resolving, by the new name (issue 13, bottle).

bottle registers a meta-path finder for ``__name__ + ".ext"`` (``import bottle.ext.sqlite`` imports
``bottle_sqlite``), and its tests ``import bottle.ext.test``. No file is ``bottle/ext/test.py``, so the graph
never resolved that import. Rope rewrites it to ``import WF1_..._bottle.ext.test``, which the finder serves
at run time as before (it registered the module's new ``__name__``). The graph verification compared the
unresolved imports after the batch with those before without renaming their targets, took each for an
import that no longer resolves, and rolled the batch back: a package with such a virtual package could not
be renamed at all.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

from codemods.verify_graph import graph_differences
from planner.graph import RepoScan, Unresolved

HUB = '''\
"""Serves ``hub.plugins.<name>`` from the top-level module ``hub_<name>``."""

import importlib
import sys
import types
from importlib.machinery import ModuleSpec


class _Redirect:
    def __init__(self, name, mask):
        self.name = name
        self.mask = mask
        self.module = sys.modules.setdefault(name, types.ModuleType(name))
        self.module.__path__ = []
        sys.meta_path.append(self)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.rpartition(".")[0] != self.name:
            return None
        return ModuleSpec(fullname, self)

    def create_module(self, spec):
        real = importlib.import_module(self.mask % spec.name.rpartition(".")[2])
        setattr(self.module, spec.name.rpartition(".")[2], real)
        return real

    def exec_module(self, module):
        pass


plugins = _Redirect(__name__ + ".plugins", "hub_%s").module
'''
TESTS = """\
import hub


def test_plugin_by_its_virtual_path():
    import hub.plugins.greet

    assert hub.plugins.greet.GREETING == "hello"


def test_from_the_virtual_package():
    from hub.plugins import greet

    assert greet.GREETING == "hello"
"""


def test_a_virtual_package_below_a_renamed_module_keeps_working(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "hub.py": HUB,
            "hub_greet.py": 'GREETING = "hello"\n',
            "tests/test_plugins.py": TESTS,
            "guardian.toml": 'exempt = ["tests/**", "hub_greet.py"]\n\n[workflows]\n"hub.py" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "plan")

    cli(repo, "-q", "apply", "--all", "--no-tests")

    assert not (repo / "hub.py").exists()
    tests = (repo / "tests/test_plugins.py").read_text()
    assert tests.startswith("import WF1_V7_L1_1of1_hub as hub\n")
    assert "    import WF1_V7_L1_1of1_hub.plugins.greet\n" in tests
    assert "from WF1_V7_L1_1of1_hub.plugins import greet\n" in tests
    assert own_suite(repo).startswith("2 passed")  # the finder serves the module's new name
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def _scan(*unresolved: Unresolved) -> RepoScan:
    return RepoScan(
        modules={}, scripts=(), imports={}, loads={}, references=(), syntax_errors=(), unresolved=unresolved, facts={}
    )


def test_a_new_unresolved_import_below_a_renamed_module_is_still_a_difference() -> None:
    mapping = {"hub": "WF1_hub"}
    before = _scan(Unresolved("tests.t", "tests/t.py", 1, "hub.plugins.greet"))
    same = _scan(Unresolved("tests.t", "tests/t.py", 1, "WF1_hub.plugins.greet"))
    other = _scan(Unresolved("tests.t", "tests/t.py", 2, "WF1_hub.plugins.other"))
    kept_old = _scan(Unresolved("tests.t", "tests/t.py", 1, "hub.plugins.greet"))

    def unresolved(after: RepoScan) -> list[str]:
        return [p for p in graph_differences(before, after, mapping) if p.endswith("no longer resolves")]

    assert unresolved(same) == []
    assert unresolved(other) == ["tests/t.py:2: import of WF1_hub.plugins.other no longer resolves"]
    assert unresolved(kept_old) == ["tests/t.py:1: import of hub.plugins.greet no longer resolves"]


def test_an_unresolved_import_below_a_shimmed_module_may_keep_its_spelling() -> None:
    """pytest 9.2.0's ``py.py`` serves ``py.path`` by name (``sys.modules["py.path"] = path``); its tests' ``from
    py.path import local`` stays as written, and ``py`` keeps a shim at its old path, so it works as before.
    Without the shim the same import is a difference (above)."""
    mapping = {"hub": "WF1_hub"}
    before = _scan(Unresolved("tests.t", "tests/t.py", 1, "hub.plugins.greet"))
    kept_old = _scan(Unresolved("tests.t", "tests/t.py", 1, "hub.plugins.greet"))
    renamed = _scan(Unresolved("tests.t", "tests/t.py", 1, "WF1_hub.plugins.greet"))
    two = _scan(*kept_old.unresolved, Unresolved("tests.t", "tests/t.py", 2, "hub.plugins.other"))

    def unresolved(after: RepoScan) -> list[str]:
        found = graph_differences(before, after, mapping, shims={"hub": "WF1_hub"})
        return [p for p in found if p.endswith("no longer resolves")]

    assert unresolved(kept_old) == []
    assert unresolved(renamed) == []
    assert unresolved(two) == ["tests/t.py:2: import of hub.plugins.other no longer resolves"]
