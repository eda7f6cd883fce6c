"""How often a batch parses a file (issue 17): the masks and the libcst fix-up share one parse of a
file Rope and the masks left as it was; a file whose text changed is parsed again."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from test_runner import plan_for

import codemods.rename_batch
from codemods.apply_batches import Runner
from codemods.journal_port import RollbackJournal

TREE = {
    "pkg/__init__.py": "",
    "pkg/mod.py": "def func():\n    return 1\n",
    # names ``mod`` only in a comment: a candidate Rope does not change
    "notes.py": "# mod is where func lives\nX = 1\n",
    "user.py": "import pkg.mod\n\nprint(pkg.mod.func())\n",
}


def test_a_file_the_batch_does_not_change_is_parsed_once(write_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root: Path = write_tree(TREE)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/renamed.py")])
    parses: Counter[str] = Counter()
    parse = codemods.rename_batch.parse_python

    def counting(source: str | bytes, filename: str = "<unknown>"):  # type: ignore[no-untyped-def]
        parses[filename] += 1
        return parse(source, filename)

    monkeypatch.setattr(codemods.rename_batch, "parse_python", counting)
    [outcome] = Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    # before: user.py, as Rope rewrote it
    assert (root / "user.py").read_text() == "import pkg.renamed\n\nprint(pkg.renamed.func())\n"
    assert (root / "notes.py").read_text() == TREE["notes.py"]
    assert "notes.py" not in {c.new_path for c in outcome.edit.changes}
    assert parses["notes.py"] == 1  # the masks' parse, which the fix-up reused (it parsed it again)
    assert parses["user.py"] == 1  # for its masks; Rope changed it, and it no longer names ``mod``
