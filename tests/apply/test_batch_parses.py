"""How often a batch parses a file (issue 17): the masks and the libcst fix-up share one parse of a
file Rope and the masks left as it was; a file whose text changed is parsed again."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from test_runner import plan_for

import codemods.rename_round
from codemods.apply_batches import Runner
from codemods.journal_port import RollbackJournal
from codemods.workspace import SCRATCH_PREFIX, Workspace

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
    parse = codemods.rename_round.parse_python

    def counting(source: str | bytes, filename: str = "<unknown>"):  # type: ignore[no-untyped-def]
        parses[filename] += 1
        return parse(source, filename)

    monkeypatch.setattr(codemods.rename_round, "parse_python", counting)
    [outcome] = Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    # before: user.py, as Rope rewrote it
    assert (root / "user.py").read_text() == "import pkg.renamed\n\nprint(pkg.renamed.func())\n"
    assert (root / "notes.py").read_text() == TREE["notes.py"]
    assert "notes.py" not in {c.new_path for c in outcome.edit.changes}
    assert parses["notes.py"] == 1  # the masks' parse, which the fix-up reused (it parsed it again)
    assert parses["user.py"] == 1  # for its masks; Rope changed it, and it no longer names ``mod``


def test_a_file_rope_rewrote_is_not_parsed_again_when_the_old_name_is_only_inside_the_new(
    write_tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's new names hold the old one (``WF1_..._mod``): a file whose imports Rope rewrote still
    holds ``mod`` as text, but not as a word, so no import of ``pkg.mod`` can be left for the fix-up."""
    root: Path = write_tree(TREE)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/WF1_V1_mod.py")])
    parses: Counter[str] = Counter()
    parse = codemods.rename_round.parse_python

    def counting(source: str | bytes, filename: str = "<unknown>"):  # type: ignore[no-untyped-def]
        parses[filename] += 1
        return parse(source, filename)

    monkeypatch.setattr(codemods.rename_round, "parse_python", counting)
    Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    assert (root / "user.py").read_text() == "import pkg.WF1_V1_mod\n\nprint(pkg.WF1_V1_mod.func())\n"
    assert parses["user.py"] == 1  # for its masks (the old code parsed it again for the fix-up)


def test_the_batch_reads_the_scratch_copy_only_after_writing_it(write_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace answers a file's text from memory (its original, or the text it read after the
    last write); the disk is read only to learn what a write (Rope's) left there."""
    root: Path = write_tree({**TREE, "other.py": "from pkg import mod\n\nmod.func()\n"})
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/renamed.py")])
    reads: Counter[str] = Counter()
    refreshes: Counter[str] = Counter()
    read_bytes, refresh = Path.read_bytes, Workspace.refresh

    def counting_read(path: Path) -> bytes:
        if SCRATCH_PREFIX in str(path):
            reads[path.name] += 1
        return read_bytes(path)

    def counting_refresh(workspace: Workspace, rel: str) -> None:
        refreshes[rel.rpartition("/")[2]] += 1
        refresh(workspace, rel)

    monkeypatch.setattr(Path, "read_bytes", counting_read)
    monkeypatch.setattr(Workspace, "refresh", counting_refresh)
    Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    assert (root / "other.py").read_text() == "from pkg import renamed as mod\n\nmod.func()\n"
    assert reads["other.py"] and reads["user.py"]  # written by the masks, Rope, the unmask
    assert all(reads[name] <= refreshes[name] for name in reads), (reads, refreshes)
