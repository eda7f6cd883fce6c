"""Lazy tables whose candidates are constants in shapes the planner called ``unresolved-import`` (issue 13,
shape13's lazy1 and lazy3): a table of records unpacked (``mod, attr = _LAZY[name]``), a ``match name:`` whose case
holds the import (``case "shapes" | "colors":``) and a table a comprehension builds from a literal
(``{attr: mod for mod, attrs in _SUBMOD_ATTRS.items() for attr in attrs}``). Each named every module of its package
and a hazard ``unresolved-dynamic-import``; the plan now names exactly the modules the constants reach.
"""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

RECORDS = """\
import importlib

_LAZY = {
    "Converter": ("converters", "Converter"),
    "Validator": ["validators", "Validator"],
}


def __getattr__(name):
    if name in _LAZY:
        mod, attr = _LAZY[name]
        return getattr(importlib.import_module("." + mod, __name__), attr)
    raise AttributeError(name)
"""

MATCH_AND_COMPREHENSION = """\
import importlib

_SUBMOD_ATTRS = {"shapes": ["Circle", "Square"], "colors": ["Red"]}
_ATTR_TO_MOD = {attr: mod for mod, attrs in _SUBMOD_ATTRS.items() for attr in attrs}


def __getattr__(name):
    match name:
        case "shapes" | "colors":
            return importlib.import_module(f"{__name__}.{name}")
    if name in _ATTR_TO_MOD:
        module = importlib.import_module(f".{_ATTR_TO_MOD[name]}", package=__name__)
        return getattr(module, name)
    raise AttributeError(name)
"""


def _package(root: Path, name: str, init: str, modules: tuple[str, ...]) -> None:
    (root / name).mkdir()
    (root / name / "__init__.py").write_text(init)
    for module in modules:
        (root / name / f"{module}.py").write_text("X = 1\n")


def test_record_match_and_comprehension_tables_name_exactly_their_modules(tmp_path: Path) -> None:
    _package(tmp_path, "lazy1", RECORDS, ("converters", "validators", "cli"))
    _package(tmp_path, "lazy3", MATCH_AND_COMPREHENSION, ("shapes", "colors", "cli"))
    references, hazards = find_dynamic(tmp_path, scan_repo(Config(root=tmp_path, exempt=())))
    assert sorted((r.path, r.line, r.kind, r.module) for r in references) == [
        ("lazy1/__init__.py", 12, "lazy-getattr", "lazy1.converters"),
        ("lazy1/__init__.py", 12, "lazy-getattr", "lazy1.validators"),
        ("lazy3/__init__.py", 10, "lazy-getattr", "lazy3.colors"),
        ("lazy3/__init__.py", 10, "lazy-getattr", "lazy3.shapes"),
        ("lazy3/__init__.py", 12, "lazy-getattr", "lazy3.colors"),
        ("lazy3/__init__.py", 12, "lazy-getattr", "lazy3.shapes"),
    ]
    assert hazards == []


def test_a_case_that_captures_any_name_is_still_unresolved(tmp_path: Path) -> None:
    init = MATCH_AND_COMPREHENSION.replace('case "shapes" | "colors":', "case _:")
    _package(tmp_path, "lazy3", init, ("shapes", "colors", "cli"))
    references, hazards = find_dynamic(tmp_path, scan_repo(Config(root=tmp_path, exempt=())))
    assert ("lazy3/__init__.py", 10, "unresolved-import", "lazy3.cli") in {
        (r.path, r.line, r.kind, r.module) for r in references
    }
    assert len(hazards) == 1
