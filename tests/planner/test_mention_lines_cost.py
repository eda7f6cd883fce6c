"""A file's lines are split once for all its multi-line literals' mentions, not once per literal.

``ast.get_source_segment`` splits the whole source, a character at a time, on every call: asked for each
multi-line string's mention of a module, it made the plan quadratic in a file's size (42% of the plan's CPU on
sympy 1.14.0). The lines found stay the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from planner import path_mentions
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

LITERALS = 40


def test_lines_split_once_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "target.py").write_text("X = 1\n")
    literals = "".join(f'DOC{i} = """line one\nsee pkg.target here\n"""\n' for i in range(LITERALS))
    (tmp_path / "pkg" / "user.py").write_text(literals)
    splits, segments = [], []
    split = getattr(path_mentions, "source_lines", str.splitlines)  # absent before the split was kept
    segment = ast.get_source_segment
    monkeypatch.setattr(path_mentions, "source_lines", lambda s: splits.append(1) or split(s), raising=False)
    monkeypatch.setattr(ast, "get_source_segment", lambda *a, **k: segments.append(1) or segment(*a, **k))
    config = Config(root=tmp_path, exempt=())
    references, _ = find_dynamic(config.root, scan_repo(config))
    lines = sorted(r.line for r in references if r.path == "pkg/user.py" and r.module == "pkg.target")
    assert lines == [3 * i + 2 for i in range(LITERALS)]
    assert (len(splits), len(segments)) == (1, 0)
