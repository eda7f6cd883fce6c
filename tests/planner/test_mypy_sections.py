"""mypy's per-module sections name modules (issue 13, shape13): ``[mypy-pkg.mod]`` in ``mypy.ini`` or
``setup.cfg`` was a ``section-header`` follow-up, a hand edit per renamed module, though each pattern of such a
header is a module path by definition. The plan lists it as the file's configuration reference (``rewrite``),
and apply rewrites it (``tests/codemods/rewrite_config_refs/mypy_sections.*``); another section's name stays a
follow-up."""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.reference_kinds import reference_action
from planner.scan import scan_repo

MYPY = """\
[mypy-pkg.mod]
ignore_errors = True

[mypy-pkg.other,pkg.mod.*]
strict = False

[tool-pkg.mod]
x = 1
"""


def test_mypy_sections_are_configuration_references(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("X = 1\n")
    (tmp_path / "pkg" / "other.py").write_text("X = 1\n")
    (tmp_path / "setup.cfg").write_text(MYPY)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.text) for r in scan.references if r.path == "setup.cfg")
    assert [(line, reference_action(kind), text) for line, kind, text in found] == [
        (1, "rewrite", "pkg.mod"),
        (4, "rewrite", "pkg.mod"),
        (4, "rewrite", "pkg.other"),
        (7, "follow-up", "pkg.mod"),
    ]
