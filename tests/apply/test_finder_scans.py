"""How often a batch runs Rope's textual finder over a file (issue 17): the search for the files Rope
is given (codemods/rope_search.py) and Rope's own search, in this process or in a worker, take one
scan per file and name."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from apply_helpers import write_files
from rope.refactor import occurrences
from test_runner import plan_for

from codemods.apply_batches import Runner
from codemods.journal_port import RollbackJournal
from codemods.rope_rename import RenameSpec
from codemods.rope_seam import finder_offsets, offsets_of, offsets_once, rope_text
from codemods.workers import _work

TREE = {
    "pkg/__init__.py": "",
    "pkg/mod.py": "def func():\n    return 1\n",
    "user.py": '"""Uses mod."""\nimport pkg.mod\n\n\ndef f():\n    return pkg.mod.func()  # mod\n',
    "other.py": "from pkg import mod\n\nmod.func()\n",
}


def test_rope_scans_a_file_for_a_name_once_per_batch(write_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root: Path = write_tree(TREE)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/renamed.py")])
    scans: Counter[tuple[str, str]] = Counter()
    search = occurrences._TextualFinder._re_search

    def counting(finder: occurrences._TextualFinder, source: str):  # type: ignore[no-untyped-def]
        scans[finder.name, source] += 1
        return search(finder, source)

    monkeypatch.setattr(occurrences._TextualFinder, "_re_search", counting)
    Runner(config, plan, RollbackJournal(root)).run(plan.batches)  # a small round: analysed in this process
    assert (root / "user.py").read_text() == (
        '"""Uses mod."""\nimport pkg.renamed\n\n\ndef f():\n    return pkg.renamed.func()  # mod\n'
    )
    assert (root / "other.py").read_text() == "from pkg import renamed as mod\n\nmod.func()\n"
    user = [count for (name, text), count in scans.items() if name == "mod" and text.startswith('"""Uses mod')]
    assert user == [1], scans  # the old code scanned it twice: to choose the files, then in Rope's search


def test_a_worker_takes_the_offsets_the_parent_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--jobs``: a worker analysing a round's task gets the offsets the parent's search found."""
    write_files(tmp_path, TREE)
    user = rope_text((tmp_path / "user.py").read_bytes())
    assert user is not None
    with offsets_once():  # the parent: codemods/rope_search.py chose the files
        assert finder_offsets("mod", user)
        given = offsets_of({"mod"})
    scans: Counter[str] = Counter()
    search = occurrences._TextualFinder._re_search

    def counting(finder: occurrences._TextualFinder, source: str):  # type: ignore[no-untyped-def]
        scans[source] += 1
        return search(finder, source)

    monkeypatch.setattr(occurrences._TextualFinder, "_re_search", counting)
    spec = RenameSpec("pkg.mod", "pkg/mod.py", "renamed", ("user.py",))
    [(status, found)] = _work(str(tmp_path), (".",), [spec], None, given)
    assert status == "ok"
    edits = found[0]["user.py"]  # type: ignore[index]
    assert [user[start:end] for start, end, _ in edits] == ["mod", "mod"]
    assert scans[user] == 0  # the old code scanned it again in the worker
