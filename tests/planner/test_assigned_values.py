"""planner/python_source.assigned_values: the values a name is given, at module level (a build script's
``py_modules``, planner/py_modules.py) or anywhere in the file (a directory a path join builds,
planner/joined_file_names.py): one helper for both."""

from __future__ import annotations

import ast

from planner.python_source import assigned_values

SOURCE = """
NAMES = ["a"]
NAMES += ["b"]
NAMES.append("c")
NAMES.extend(["d"])
TYPED: list[str] = ["e"]
if True:
    NAMES.append("f")


def build():
    local = "g"
    NAMES.append("h")
    if (walrus := "i"):
        pass
"""


def _shown(values: dict[str, list[ast.expr]]) -> dict[str, list[str]]:
    return {name: [ast.unparse(v) for v in found] for name, found in values.items()}


def test_module_scope_reads_what_the_module_runs_when_imported() -> None:
    assert _shown(assigned_values(ast.parse(SOURCE), "module")) == {
        "NAMES": ["['a']", "['b']", "['c']", "['d']", "['f']"],
        "TYPED": ["['e']"],
    }


def test_file_scope_reads_every_node_functions_too() -> None:
    found = _shown(assigned_values(ast.parse(SOURCE), "file"))
    assert found["local"] == ["'g'"] and found["walrus"] == ["'i'"]
    assert sorted(found["NAMES"]) == ["['a']", "['b']", "['c']", "['d']", "['f']", "['h']"]
