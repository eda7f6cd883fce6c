"""What the gates read about batches: the real journal's manifests, and how they are summarised."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from workflow_helpers import T0, make_plan

from guardian.tracking import Tracker
from guardian.workflow.history import BatchChange, batch_history, renamed_modules
from guardian.workflow.snapshot import _last, _states
from rollback import Journal, Move, Write


def change(batch: str, status: str, minutes: int, kind: str = "rename", mapping=None) -> BatchChange:
    return BatchChange(batch, kind, status, T0 + timedelta(minutes=minutes), (), mapping)


def test_the_last_change_is_the_newest_rename_apply_or_revert() -> None:
    changes = [
        change("1", "applied", 0),
        change("2", "applied", 5),
        change("2", "reverted", 9),
        change("retire-shims-1", "applied", 20, kind="retire-shims"),
        change("3", "failed", 30),
    ]
    assert _last(changes) == (T0 + timedelta(minutes=9), "batch 2 reverted")
    assert _last([change("1", "failed", 1)]) is None


def test_an_old_batch_with_a_reused_id_does_not_count_as_the_plans_batch() -> None:
    plan = make_plan({1: ["a"], 2: ["b"]})
    same = (("pkg.a", "pkg.WF1_a"),)
    other = (("pkg.z", "pkg.WF1_z"),)
    states = _states([change("1", "applied", 0, mapping=same), change("2", "applied", 1, mapping=other)], plan)
    assert states == {"1": "applied", "2": "applied-other"}
    assert _states([change("2", "applied", 1)], plan) == {"2": "applied"}  # no mapping recorded: trusted


def test_history_reads_the_journal_and_renamed_modules_only_applied_batches(tmp_path: Path, tracker: Tracker) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "a.py").write_text("A = 1\n")
    (repo / "pkg" / "b.py").write_text("B = 1\n")
    assert renamed_modules(repo) is None  # no journal yet
    journal = Journal(repo)
    journal.apply("1", [Move("pkg/a.py", "pkg/WF1_a.py")], kind="rename", meta={"mapping": {"pkg.a": "pkg.WF1_a"}})
    journal.apply("2", [Move("pkg/b.py", "pkg/WF1_b.py")], kind="rename", meta={"mapping": {"pkg.b": "pkg.WF1_b"}})
    journal.apply("notes-1", [Write("NOTES.txt", b"x\n")], kind="notes")
    journal.revert("2")
    history = batch_history(repo, tracker)
    assert [(c.batch_id, c.kind, c.status) for c in history] == [
        ("1", "rename", "applied"),
        ("notes-1", "notes", "applied"),
        ("2", "rename", "reverted"),
    ]
    assert history[0].mapping == (("pkg.a", "pkg.WF1_a"),) and "pkg/WF1_a.py" in history[0].files
    assert history[-1].at >= history[0].at
    assert renamed_modules(repo) == {"pkg.a": "pkg.WF1_a"}
    assert _last(history)[1] == "batch 2 reverted"


def test_without_a_journal_the_trackers_batch_records_are_used(tmp_path: Path, tracker: Tracker) -> None:
    tracker.record_batch(1, "applied", ["pkg/a.py"])
    tracker.record_batch(1, "reverted", ["pkg/a.py"], command="revert")
    history = batch_history(tmp_path / "nowhere", tracker)
    assert [(c.batch_id, c.status) for c in history] == [("1", "applied"), ("1", "reverted")]
