"""A module path in Markdown's or reST's emphasis is the path, not a glob (issue 13, dill 0.4.1).

dill's README says "set globally in *dill.settings*" and "use *dill.detect*": the stars were read as a glob's,
so the plan listed them as ``longer-token`` follow-ups and apply left them. Emphasis (the same run of one to
three stars on both sides) is bounded like the path alone: ``docs``, rewritten as prose.
"""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.scan import scan_repo

README = """\
Set it globally in *pkg.mod*, or use **pkg.mod.Klass**.
A glob: `pkg.mod*`, *pkg.mod and **pkg.mod*.
"""


def test_emphasis_around_a_module_path_is_prose(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("class Klass:\n    pass\n")
    (tmp_path / "README.md").write_text(README)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.text) for r in scan.references if r.path == "README.md")
    assert found == [
        (1, "docs", "pkg.mod"),
        (1, "docs", "pkg.mod.Klass"),
        (2, "longer-token", "pkg.mod"),
        (2, "longer-token", "pkg.mod"),
        (2, "longer-token", "pkg.mod"),
    ]
