"""The run's worker processes are replaced between two batches once they have served
``TASKS_PER_WORKER`` tasks each (issue 17): a worker keeps the high-water mark of what it analysed, so a
long run's worker memory crept. Not ``max_tasks_per_child`` (codemods/workers.py: it hangs a queued map)."""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import snapshot, write_files
from test_runner import SPLIT_TREE, plan_for

import codemods.refs
import codemods.workers
from codemods.apply_batches import Runner
from codemods.batch_edit import Options
from codemods.journal_port import RollbackJournal
from planner.plan import Batch, Plan

PAIRS = [("pkg/alpha.py", "pkg/WF1_alpha.py"), ("pkg/beta.py", "pkg/WF1_beta.py")]


def _run(root: Path, jobs: int) -> dict[str, bytes]:
    """The two renames as two batches, applied."""
    write_files(root, SPLIT_TREE)
    (root / "names.py").write_text('TARGET = "pkg.alpha.A"\n')  # a string the reference pass rewrites: a task
    config, plan = plan_for(root, PAIRS)
    [first, second] = plan.batches[0].renames
    plan = Plan(1, "test", (Batch(1, (first,), ()), Batch(2, (second,), ())), hazards=plan.hazards)
    Runner(config, plan, RollbackJournal(root), options=Options(jobs=jobs)).run(plan.batches)
    return snapshot(root)


@pytest.fixture()
def pools(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The process pool each worker analysis ran in, in order."""
    monkeypatch.setattr(codemods.workers, "MIN_FILES", 1)  # every round goes to the workers
    found: list[object] = []
    analyse = codemods.workers.WorkerPool.analyse

    def spy(self: codemods.workers.WorkerPool, specs):  # noqa: ANN001, ANN202
        result = analyse(self, specs)
        found.append(self.executor)
        return result

    monkeypatch.setattr(codemods.workers.WorkerPool, "analyse", spy)
    return found


def test_workers_that_served_their_tasks_are_replaced_before_the_next_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pools: list[object]
) -> None:
    monkeypatch.setattr(codemods.workers, "TASKS_PER_WORKER", 1, raising=False)
    monkeypatch.setattr(codemods.refs, "PARENT_CHARS", 0)  # the reference rewriting of names.py: a second task
    tree = _run(tmp_path / "jobs2", 2)
    assert len(pools) == 2 and pools[0] is not pools[1]  # batch 2 ran in fresh workers
    assert pools[0]._processes is None  # type: ignore[attr-defined]  # the first pool was shut down
    assert tree == _run(tmp_path / "jobs1", 1)  # and the tree is the one process's, byte for byte
    assert tree["one.py"] == b"import pkg.WF1_alpha\nfrom pkg import WF1_alpha as a\n\nprint(pkg.WF1_alpha.A, a.A)\n"
    assert tree["names.py"] == b'TARGET = "pkg.WF1_alpha.A"\n'


def test_workers_below_their_tasks_serve_the_next_batch(tmp_path: Path, pools: list[object]) -> None:
    _run(tmp_path, 2)
    assert len(pools) == 2 and pools[0] is pools[1]  # two tasks over 2 workers: the run's one pool
