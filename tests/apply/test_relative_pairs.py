"""A lazy table of ``(package, ".module")`` pairs (issue 13, pydantic).

pydantic's ``__init__`` maps each public name to a pair, ``'BaseModel': (__spec__.parent, '.main')``, and its
``__getattr__`` calls ``import_module(module_name, package=package)`` on the pair. The relative path names a
module only beside the package it is relative to, outside any call: the plan did not list it and apply left
it, so after ``apply --all`` ``import pydantic`` worked but ``from pydantic import BaseModel`` raised
``ModuleNotFoundError: No module named 'pydantic.main'``, and the whole suite failed to load. Such a path
(beside ``__spec__.parent``, ``__package__`` or ``__name__`` in one tuple) is a ``relative-path`` reference,
rewritten like ``import_module(".main", __package__)``. Its ``'dataclasses': (__spec__.parent, '__module__')``
entry serves a submodule by the name looked up in the table (``import_module(f".{attr_name}", ...)``): a
key of the table a computed name is looked up in (``TABLE.get(name)``, ``TABLE[name]``) is a candidate
name, and the submodule's old path is kept alive.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = """\
from importlib import import_module

_dynamic_imports = {
    'BaseModel': (__spec__.parent, '.main'),
    'Field': (__spec__.parent, '.fields'),
    'Color': (__package__, '.color.palette'),
    'nothing': (__spec__.parent, '.missing'),
    'dataclasses': (__spec__.parent, '__module__'),
}


def __getattr__(attr_name):
    dynamic_attr = _dynamic_imports.get(attr_name)
    if dynamic_attr is None:
        raise AttributeError(attr_name)
    package, module_name = dynamic_attr
    if module_name == '__module__':
        return import_module(f'.{attr_name}', package=package)
    return getattr(import_module(module_name, package=package), attr_name)
"""
SUITE = """\
from pkg import BaseModel, Color, Field, dataclasses


def test_the_lazy_names():
    assert (BaseModel.kind, Field.kind, Color.kind) == ("model", "field", "color")
    assert dataclasses.kind == "dataclasses"
"""


def test_a_relative_path_beside_its_package_in_a_tuple(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg/color").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text(INIT)
    (repo / "pkg/main.py").write_text("class BaseModel:\n    kind = 'model'\n")
    (repo / "pkg/fields.py").write_text("class Field:\n    kind = 'field'\n")
    (repo / "pkg/dataclasses.py").write_text("kind = 'dataclasses'\n")
    (repo / "pkg/color/__init__.py").write_text("")
    (repo / "pkg/color/palette.py").write_text("class Color:\n    kind = 'color'\n")
    (repo / "tests/test_lazy.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(r["line"], r["kind"], r["text"]) for _, r in plan_references(plan) if r["path"] == "pkg/__init__.py"}
    assert found == {
        (4, "relative-path", ".main"),
        (5, "relative-path", ".fields"),
        (6, "relative-path", ".color.palette"),
        (18, "lazy-getattr", "dataclasses"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    init = (repo / "pkg/__init__.py").read_text()
    assert "'BaseModel': (__spec__.parent, '.WF1_V7_L1_" in init and "_main')," in init
    assert "'Color': (__package__, '.color.WF1_V7_L1_" in init and "_palette')," in init
    assert "'nothing': (__spec__.parent, '.missing')," in init
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
