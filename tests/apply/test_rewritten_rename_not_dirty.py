"""A module one batch renames and later batches rewrite stays Guardian's own change (issue 13, pygments).

pygments' ``lexers/_mapping.py`` is a table of every lexer's module path. Batch 1 renamed it; each later
batch renamed lexers and rewrote their paths in the moved table, until git no longer paired the old and
new files (less than half of it the same) and showed the old path as deleted. Batch 4 then refused to
start: ``pygments/lexers/_mapping.py: has uncommitted changes (D)``.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, git, snapshot

NAMES = [f"handler_{n}" for n in range(8)]
CONFIG = """\
batch_size = 4
exempt = ["**/__init__.py"]

[workflows]
"pkg/**" = 1
"""


def _tree(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "guardian.toml").write_text(CONFIG)
    (root / "pkg/__init__.py").write_text("")
    rows = "".join(f'    "pkg.{name}",\n' for name in NAMES)
    (root / "pkg/_table.py").write_text(f"HANDLERS = [\n{rows}]\n")  # a table of module paths, renamed first
    for name in NAMES:
        (root / f"pkg/{name}.py").write_text("def handle():\n    return 1\n")
    return committed(root)


def test_a_moved_file_rewritten_past_gits_rename_detection_is_not_refused(cli: Invoke, tmp_path: Path) -> None:
    repo = _tree(tmp_path / "repo")
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    batches = [[r["old"] for r in b["renames"]] for b in plan["batches"]]
    assert batches[0][0] == "pkg/_table.py" and len(batches) == 3
    assert "pkg/_table.py" in plan["batches"][2]["impact"]["files"]  # by the path it had when planned

    cli(repo, "-q", "apply", "--batch", "1")
    cli(repo, "-q", "apply", "--batch", "2")
    [table] = (repo / "pkg").glob("_WF*_table.py")
    assert " D pkg/_table.py" in git(repo, "status", "--porcelain")  # git no longer pairs the two files

    cli(repo, "-q", "apply", "--batch", "3")  # the old path is Guardian's own change: not refused
    assert table.read_text().count('"pkg.WF1_') == len(NAMES)
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
