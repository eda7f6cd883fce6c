"""Guardian's own ``guardian.toml`` is no reference file (issue 13, pycodestyle).

A project of one top-level module (``solo.py``) names it in its workflow glob (``"solo.py" = 1``), and its
``[validate] python`` path may hold the module's name as a directory. ``apply --all`` rewrote the glob in
``guardian.toml`` (the user's policy, which ``[tool.guardian]`` in a ``pyproject.toml`` never has rewritten)
and listed the interpreter's path as a manual follow-up ("part of a longer token").
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"solo.py" = 1

[validate]
python = "envs/solo.run/bin/python"
"""
ENTRY_POINTS = "[options.entry_points]\nconsole_scripts =\n    solo = {}:run\n"


def test_guardian_toml_is_neither_planned_nor_rewritten(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "solo.py").write_text("def run():\n    return 1\n")
    (repo / "tests/test_solo.py").write_text("from solo import run\n\n\ndef test_run():\n    assert run() == 1\n")
    (repo / "setup.cfg").write_text(ENTRY_POINTS.format("solo"))  # a reference file the rename rewrites
    committed(repo)
    original = snapshot(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = plan_renames(plan)
    assert "guardian.toml" not in {ref["path"] for ref in rename["references"]}

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [m for b in report["batches"] for m in b["manual_follow_up"]] == []
    assert (repo / "guardian.toml").read_text() == CONFIG
    assert (repo / "setup.cfg").read_text() == ENTRY_POINTS.format(rename["new_module"])
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
