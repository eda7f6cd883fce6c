"""A TOML array's line is a value, not a section header (issue 13, trialB, pkginfo 2.0): tox's native TOML
configuration in ``pyproject.toml`` runs ``commands = [["mypy"], ["stubtest", "pkginfo.bdist"], ...]`` with one
command a line. The plan called each such line a ``section-header`` (it starts with ``[``), a manual follow-up that
apply leaves, while apply rewrote it (no header there: a ``,`` follows the ``]``): 9 follow-ups apply did not
leave; and the array's last line without its ``,`` was a header for both, left with the old path. A line inside an
array an earlier line left open is a value for both (planner/config_headers.py), a real header still a header."""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.reference_kinds import reference_action
from planner.scan import scan_repo

PYPROJECT = """\
[tool.tox.env.mypy]
commands = [
    ["mypy"],
    ["stubtest", "pkg.mod"],
    # ["stubtest", "pkg.other"]
    ["stubtest", "pkg.other"]
]
text = "[not an array"
more = '''
[pkg.mod]
'''

["pkg.mod"]
x = 1
"""
AFTER = PYPROJECT.replace('"pkg.mod"],', '"pkg.WF1_mod"],').replace('"pkg.other"]', '"pkg.WF1_other"]')


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("X = 1\n")
    (tmp_path / "pkg" / "other.py").write_text("X = 1\n")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    return tmp_path


def test_the_plan_lists_an_arrays_lines_as_values(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=_repo(tmp_path), exempt=()))
    found = sorted((r.line, reference_action(r.kind), r.text) for r in scan.references if r.path == "pyproject.toml")
    assert found == [
        (4, "rewrite", "pkg.mod"),
        (5, "rewrite", "pkg.other"),  # a comment in pyproject.toml: configuration's, rewritten as the rest
        (6, "rewrite", "pkg.other"),
        (10, "rewrite", "pkg.mod"),  # a multi-line string's line
        (13, "follow-up", "pkg.mod"),  # a real header
    ]


def test_apply_rewrites_the_arrays_lines_and_leaves_the_header() -> None:
    renames = {"pkg.mod": "pkg.WF1_mod", "pkg.other": "pkg.WF1_other"}
    result = rewrite_config_refs(PYPROJECT, renames, path="pyproject.toml", path_renames={})
    assert result.code.splitlines()[:6] == AFTER.splitlines()[:6]
    assert result.code.splitlines()[12] == '["pkg.mod"]'
