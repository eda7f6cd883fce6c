"""The plan's readers of a file walk its tree once, whatever number of them look at every node.

find_dynamic's readers (module tables, docstrings, regex arguments, built paths, the calls and constants) each
walked the whole tree: ten walks per file, two thirds of ``find_dynamic``'s CPU on sympy 1.14.0 (the parse: one
percent). planner/computed_paths.py asked, for each string built from parts, the names its function assigned
above it, walking the whole function again for each (local_values: more than half of ``find_dynamic``'s CPU on
sympy). A count of the child lists asked for, per node of the file: the same on any machine. The references stay
the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.references import Reference
from planner.scan import scan_repo

LINES = 200


def walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str) -> tuple[list[Reference], float]:
    """The references of ``pkg/user.py`` (``source``) beside ``pkg/target.py``, and the child lists find_dynamic
    asked for, per node of the file."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "target.py").write_text("X = 1\n")
    (tmp_path / "pkg" / "user.py").write_text(source)
    nodes = sum(1 for _ in ast.walk(ast.parse(source)))
    config = Config(root=tmp_path, exempt=())
    scan = scan_repo(config)
    asked: list[int] = []
    children = ast.iter_child_nodes

    def counting(node: ast.AST) -> Iterator[ast.AST]:
        asked.append(1)
        return children(node)

    monkeypatch.setattr(ast, "iter_child_nodes", counting)
    references, _ = find_dynamic(config.root, scan)
    return [r for r in references if r.path == "pkg/user.py"], len(asked) / nodes


def test_each_node_is_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = "".join(f'V{i} = helper("see pkg.target", [{i}, {{"k": (a, b)}}])\n' for i in range(LINES))
    references, per_node = walked(tmp_path, monkeypatch, source)
    assert sorted(r.line for r in references if r.module == "pkg.target") == list(range(1, LINES + 1))
    assert per_node < 2


def test_a_file_naming_a_py_file_is_walked_once_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """planner/joined_file_names.py's reader of path joins (asked of a file holding ``.py``) takes the same walk."""
    rows = "".join(f'V{i} = helper("see pkg.target", [{i}, {{"k": (a, b)}}])\n' for i in range(LINES))
    references, per_node = walked(tmp_path, monkeypatch, f'import os\nMAIN = "run main.py"\n{rows}')
    assert sorted(r.line for r in references if r.module == "pkg.target") == list(range(3, LINES + 3))
    assert per_node < 1.5  # before: 2 walks (7,214 for 3,607 nodes)


def test_each_function_building_paths_is_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(f'    v{i} = base + ".target"\n' for i in range(LINES))
    references, per_node = walked(tmp_path, monkeypatch, f'import runpy\n\n\ndef run():\n    base = "pkg"\n{body}')
    assert sorted(r.line for r in references if r.kind == "computed-path") == list(range(6, LINES + 6))
    assert per_node < 3
