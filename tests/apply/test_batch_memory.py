"""What a run of batches keeps from one batch to the next: not the batch's Rope project, not its files'
bytes (issue 17, memory bounded: the parent of a full rename of networkx grew with every batch)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from test_runner import TREE, plan_for

import codemods.rope_rename
from codemods.apply_batches import BatchOutcome, Runner
from codemods.journal_port import RollbackJournal
from planner.plan import Batch, Plan


def two_batches(root: Any) -> tuple[Any, Plan]:
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/newmod.py"), ("pkg/other.py", "pkg/newother.py")])
    first, second = plan.batches[0].renames
    return config, Plan(1, "test", (Batch(1, (first,), ()), Batch(2, (second,), ())), hazards=plan.hazards)


@pytest.fixture
def collector_idle() -> Iterator[None]:
    """The cyclic collector never runs by itself, as in the ``guardian`` command, whose thresholds
    (guardian/process.py) left the oldest generation uncollected for a whole run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_batch_leaves_no_rope_project_behind(
    write_tree, monkeypatch: pytest.MonkeyPatch, collector_idle: None, dry_run: bool
) -> None:
    root = write_tree(TREE)
    config, plan = two_batches(root)
    projects: list[weakref.ref[Any]] = []
    opened = codemods.rope_rename.open_project

    def tracked(*args: Any, **kwargs: Any) -> Any:
        project = opened(*args, **kwargs)
        projects.append(weakref.ref(project))
        return project

    monkeypatch.setattr(codemods.rope_rename, "open_project", tracked)
    alive: list[int] = []

    def after_batch(outcome: BatchOutcome) -> None:  # the batch is done: its Rope project is gone
        alive.append(sum(ref() is not None for ref in projects))

    Runner(config, plan, RollbackJournal(root), dry_run=dry_run, after_batch=after_batch).run(plan.batches)
    assert len(projects) == 2
    assert alive == [0, 0]


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_outcomes_kept_hold_paths_not_bytes(write_tree, dry_run: bool) -> None:
    root = write_tree(TREE)
    config, plan = two_batches(root)
    seen: list[bytes | None] = []

    def after_batch(outcome: BatchOutcome) -> None:  # a hook sees the batch whole
        seen.extend(c.after for c in outcome.edit.changes)

    outcomes = Runner(config, plan, RollbackJournal(root), dry_run=dry_run, after_batch=after_batch).run(plan.batches)
    assert seen and all(after is not None for after in seen)
    files = [[(c.old_path, c.new_path) for c in o.edit.changes] for o in outcomes]
    assert ("pkg/mod.py", "pkg/newmod.py") in files[0]
    assert ("pkg/other.py", "pkg/newother.py") in files[1]
    assert [(c.before, c.after) for o in outcomes for c in o.edit.changes] == [(None, None)] * sum(map(len, files))
    assert all(o.to_json()["files"] for o in outcomes)
    if dry_run:
        assert "+++ b/pkg/newother.py" in outcomes[1].patch or "rename to pkg/newother.py" in outcomes[1].patch
