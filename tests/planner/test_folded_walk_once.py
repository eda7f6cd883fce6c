"""The plan's reader of paths folded from known parts walks each function once, whatever number of strings it builds.

planner/computed_paths.py asks, for each string built from parts, the names its function assigned above it: it
walked the whole function again for each one, so a function building many strings was walked that many times
(local_values: more than half of ``find_dynamic``'s CPU on sympy 1.14.0). A count of the child lists asked for,
per node of the file: the same on any machine. The paths listed stay the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

STRINGS = 200


def test_each_function_is_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "target.py").write_text("X = 1\n")
    body = "".join(f'    v{i} = base + ".target"\n' for i in range(STRINGS))
    source = f'import runpy\n\n\ndef run():\n    base = "pkg"\n{body}'
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
    lines = sorted(r.line for r in references if r.path == "pkg/user.py" and r.kind == "computed-path")
    assert lines == list(range(6, STRINGS + 6))
    assert len(asked) < 3 * nodes
