"""Before each batch, the dirty check reads only the files that batch touches (issue 17).

A batch is refused when a file it touches has uncommitted changes that Guardian's own applied
batches do not explain: each changed file git lists is read and hashed against what the journal
says Guardian left there. Every file an earlier batch of the run changed is listed by git, and was
read and hashed again before every later batch (0.5 s of CPU over the 20 batches of the
2,000-module benchmark, growing with the batches), though only the files of the batch's own impact
can refuse it. Those alone are read now; what refuses a batch is unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed

from codemods.apply_batches import Runner

CONFIG = """\
batch_size = 2
exempt = ["**/__init__.py", "pkg/use_*.py"]

[workflows]
"pkg/**" = 1
"""


def _tree(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "guardian.toml").write_text(CONFIG)
    (root / "pkg/__init__.py").write_text("")
    for group in "ab":
        for n in range(2):
            (root / f"pkg/{group}{n}.py").write_text(f"def f{n}():\n    return {n}\n")
        (root / f"pkg/use_{group}.py").write_text(
            f"from pkg import {group}0, {group}1\n\nX = {group}0.f0() + {group}1.f1()\n"
        )
    (root / "pkg/use_both.py").write_text("from pkg import a0, b0\n\nY = a0.f0() + b0.f0()\n")
    return committed(root)


def test_the_dirty_check_reads_the_batchs_files_only(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _tree(tmp_path / "repo")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert len(plan["batches"]) == 2
    batch_files = [set(b["impact"]["files"]) | {r["old"] for r in b["renames"]} for b in plan["batches"]]
    assert {"pkg/use_a.py", "pkg/use_b.py"} - batch_files[0] - batch_files[1] == set()

    reads: list[set[str]] = []  # the files each batch's dirty check read
    active = [False]
    real_dirty, real_read = Runner._dirty, Path.read_bytes

    def dirty(self: Runner, *args: object) -> dict[str, str]:
        reads.append(set())
        active[0] = True
        try:
            return real_dirty(self, *args)  # type: ignore[arg-type]
        finally:
            active[0] = False

    def read_bytes(path: Path) -> bytes:
        if active[0] and path.is_relative_to(repo):
            reads[-1].add(path.relative_to(repo).as_posix())
        return real_read(path)

    monkeypatch.setattr(Runner, "_dirty", dirty)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    monkeypatch.undo()

    assert [b["status"] for b in report["batches"]] == ["applied", "applied"]
    changed_first = {f["new"] or f["old"] for f in report["batches"][0]["files"]}
    assert changed_first - batch_files[1]  # batch 1 changed files batch 2 does not touch
    assert len(reads) == 2 and reads[0] == set()  # nothing changed before batch 1
    assert reads[1] == {"pkg/use_both.py"}  # batch 2's one file that batch 1 changed, no other
