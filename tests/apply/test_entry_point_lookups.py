"""Code that looks an entry point up by its name follows the name, which apply keeps, not the module (issue 13).

An entry point's name spelled like a module path (pytest-xdist's ``"xdist.looponfail" = "xdist.looponfail"``) is
kept in every declaration (tests/apply/test_entry_point_names.py). A lookup of that name in code is the same name:
``entry_points(group=...)["pkg.plug"]``, ``ep.name == "pkg.plug"`` for an ``ep`` of such a listing, ``"pkg.plug" in
eps.names``, ``get_entry_map(dist, group)["pkg.plug"]``. Apply rewrote them to the new module's path, the lookup
missed (KeyError, no plugin found) and the tests were lost; the module's own path beside them is still rewritten.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

PYPROJECT = """\
[project]
name = "pkg"
version = "1.0"

[project.entry-points.pkg_plugins]
"pkg.plug" = "{module}"
"""
EGG_INFO = "[pkg_plugins]\npkg.plug = {module}\n"
SUITE = """\
import importlib
from importlib.metadata import entry_points

PLUGINS = entry_points(group="pkg_plugins")


def by_name(name):
    return [ep for ep in PLUGINS if ep.name == name]


def test_by_subscript():
    eps = entry_points(group="pkg_plugins")
    assert eps["pkg.plug"].load().MARK == "plug"
    assert entry_points().select(group="pkg_plugins")["pkg.plug"].value == "{module}"
    assert PLUGINS["pkg.plug"].load() is importlib.import_module("{module}")


def test_by_the_name_attribute():
    found = [ep for ep in entry_points(group="pkg_plugins") if ep.name == "pkg.plug"]
    assert len(found) == 1
    for ep in PLUGINS:
        if ep.name in ("pkg.plug", "other.plug"):
            assert ep.load().MARK == "plug"
        if "pkg.plug" != ep.name:
            raise AssertionError(ep.name)  # the group's only plugin
    assert len(by_name("pkg.plug")) == 1


def test_by_names():
    assert "pkg.plug" in PLUGINS.names
    assert {{"pkg.plug"}} == set(entry_points(group="pkg_plugins").names)
"""


def _tree(root: Path, module: str = "pkg.plug") -> dict[str, str]:
    return {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/plug.py": 'MARK = "plug"\n',
        "pyproject.toml": PYPROJECT.format(module=module),
        "pkg.egg-info/entry_points.txt": EGG_INFO.format(module=module),
        "pkg.egg-info/PKG-INFO": "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n",
        "tests/__init__.py": "",
        "tests/test_lookups.py": SUITE.format(module=module),
    }


def test_a_lookup_by_an_entry_point_s_name_keeps_the_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", _tree(tmp_path))
    plan, original = planned(cli, repo, "3 passed")
    listed = sorted((x["path"], x["line"]) for r, x in plan_references(plan) if r["old"] == "pkg/plug.py")
    assert listed == [  # the declarations' values and the module's own path, never a lookup by name
        ("pkg.egg-info/entry_points.txt", 2),
        ("pyproject.toml", 6),
        ("tests/test_lookups.py", 14),
        ("tests/test_lookups.py", 15),
    ]

    applied(cli, repo, "3 passed")
    [module] = [r["new_module"] for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/plug.py"]
    assert (repo / "tests/test_lookups.py").read_text() == SUITE.format(module=module)
    assert (repo / "pyproject.toml").read_text() == PYPROJECT.format(module=module)
    reverted(cli, repo, original)
