"""find_dynamic walks a file's tree once, whatever number of its readers look at every node.

Its readers (module tables, docstrings, regex arguments, built paths, the calls and constants) each walked the
whole tree: ten walks per file, two thirds of ``find_dynamic``'s CPU on sympy 1.14.0 (the parse: one percent).
A count of the child lists asked for, per node of the file: the same on any machine. The references stay the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

LINES = 200


def test_each_node_is_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "target.py").write_text("X = 1\n")
    source = "".join(f'V{i} = helper("see pkg.target", [{i}, {{"k": (a, b)}}])\n' for i in range(LINES))
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
    lines = sorted(r.line for r in references if r.path == "pkg/user.py" and r.module == "pkg.target")
    assert lines == list(range(1, LINES + 1))
    assert len(asked) < 2 * nodes


def test_a_file_naming_a_py_file_is_walked_once_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """planner/joined_file_names.py's reader of path joins (asked of a file holding ``.py``) takes the same walk."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "target.py").write_text("X = 1\n")
    rows = "".join(f'V{i} = helper("see pkg.target", [{i}, {{"k": (a, b)}}])\n' for i in range(LINES))
    source = f'import os\nMAIN = "run main.py"\n{rows}'
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
    lines = sorted(r.line for r in references if r.path == "pkg/user.py" and r.module == "pkg.target")
    assert lines == list(range(3, LINES + 3))
    assert len(asked) < 1.5 * nodes  # main: 2 walks (7,214 for 3,607 nodes)
