"""The SQLite tracking database: tables, migrations, records and the phase moves they cause."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from workflow_helpers import SEED_TABLES, Clock, plan_json

from guardian.tracking import CheckRecord, Tracker, TrackingError, open_tracker
from guardian.tracking.backend import SQLiteBackend, connect
from guardian.tracking.schema import LATEST, migrate
from planner.config import Config


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_default_file_has_the_seed_tables_and_schema_version(tmp_path: Path) -> None:
    tracker = open_tracker(tmp_path, Config(root=tmp_path))
    path = tmp_path / ".guardian" / "tracking.db"
    assert SEED_TABLES <= tables(path)
    with sqlite3.connect(path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM guardian_schema WHERE prefix = 'v7_' ORDER BY 1")]
        phases = conn.execute("SELECT phase, name, lead, status FROM v7_migration_workflow ORDER BY phase").fetchall()
    assert versions == list(range(1, LATEST + 1))
    assert [p[1] for p in phases] == [
        "Assessment",
        "Design",
        "Review",
        "Database",
        "Implementation",
        "Validation",
        "Retirement",
    ]
    assert phases[3][2] == "DB Team + Architect" and {p[3] for p in phases} == {"NOT_STARTED"}
    tracker.close()


def test_prefix_follows_the_configured_version(tmp_path: Path) -> None:
    open_tracker(tmp_path, Config(root=tmp_path, version=8)).close()
    assert {"v8_migration_workflow", "v8_test_results", "file_audit"} <= tables(tmp_path / ".guardian/tracking.db")
    assert "v7_migration_workflow" not in tables(tmp_path / ".guardian/tracking.db")


def test_old_schema_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "t.db")
    with backend.transaction() as cur:
        assert migrate(cur, "v7_", "sqlite", "2026-01-01T00:00:00.000000Z", target=1) == [1]
    with backend.transaction() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'v7_events_kind'")
        assert cur.fetchall() == []
    Tracker(backend)  # opening migrates the rest
    with backend.transaction() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'v7_events_kind'")
        assert cur.fetchall() == [("v7_events_kind",)]
        cur.execute("INSERT INTO guardian_schema VALUES ('v7_', ?, 'from the future', 'x')", (LATEST + 1,))
    with pytest.raises(TrackingError, match="newer than this Guardian") as info:
        Tracker(backend)
    assert info.value.exit_code == 2


def test_corrupt_database_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / ".guardian" / "tracking.db"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(TrackingError, match="tracking.db") as info:
        open_tracker(tmp_path, Config(root=tmp_path))
    assert info.value.exit_code == 2 and "\n" not in str(info.value)


def test_unknown_url_scheme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TrackingError, match="unknown scheme"):
        connect(tmp_path, "mysql://root@localhost/x")


def test_assessment_audits_files_and_completes_phase_1(tracker: Tracker, clock: Clock) -> None:
    report = {
        "compliance": {
            "modules": 2,
            "compliant": 1,
            "percent": 50.0,
            "noncompliant": [{"path": "pkg/a.py", "module": "pkg.a", "reason": "bad name"}],
        },
        "layers": [{"path": "pkg/a.py", "module": "pkg.a"}, {"path": "pkg/WF1_b.py", "module": "pkg.WF1_b"}],
        "database": {"duplicate_enums": [{"canonical": "order_status", "members": ["a", "b"], "why": "same"}]},
    }
    event = tracker.record_assessment(report)
    assert tracker.latest("assessment").id == event and tracker.latest("assessment").payload == report
    assert tracker.file_audit() == [("pkg/WF1_b.py", "compliant", None), ("pkg/a.py", "noncompliant", "bad name")]
    phase = tracker.phase(1)
    assert (phase.status, phase.started_at, phase.completed_at) == (
        "COMPLETE",
        "2026-11-23T10:00:00.000000Z",
        "2026-11-23T10:00:00.000000Z",
    )
    assert [(r.canonical, r.members, r.status) for r in tracker.enum_migrations()] == [
        ("order_status", ("a", "b"), "detected")
    ]


def test_plan_with_conflicts_blocks_phase_2_and_a_clean_replan_unblocks(tracker: Tracker) -> None:
    tracker.record_plan(plan_json({1: ["a"]}, conflicts=2))
    assert tracker.phase(2).status == "BLOCKED"
    blocked = tracker.tasks(status="BLOCKED")
    assert [(t.phase, t.kind, t.title) for t in blocked] == [(2, "conflicts", "resolve 2 plan conflict(s)")]
    tracker.record_plan(plan_json({1: ["a"], 2: ["b", "c"]}))
    assert tracker.phase(2).status == "COMPLETE" and tracker.tasks(status="BLOCKED") == []
    impacts = tracker.query(
        "SELECT batch_id, old_module, new_module FROM {p}global_impacts WHERE event_id = ? ORDER BY id",
        (tracker.latest("plan").id,),
    )
    assert impacts == [(1, "pkg.a", "pkg.WF1_a"), (2, "pkg.b", "pkg.WF1_b"), (2, "pkg.c", "pkg.WF1_c")]
    assert {(t.phase, t.ref) for t in tracker.tasks(status="NOT_STARTED")} == {(3, "1"), (3, "2"), (5, "1"), (5, "2")}


def test_approvals_complete_phase_3_only_for_the_current_digest(tracker: Tracker) -> None:
    plan = plan_json({1: ["a"], 2: ["b"]})
    tracker.record_plan(plan)
    digests = {b["id"]: b["digest"] for b in plan["batches"]}
    for batch_id in (1, 2):
        tracker.record_approval(batch_id, digests[batch_id], "Layer Guardian", "Ana")
    assert tracker.phase(3).status == "IN_PROGRESS"
    tracker.record_approval(1, digests[1], "Test Sentinel", "Ben")
    tracker.record_approval(2, "0" * 64, "Test Sentinel", "Ben")  # an approval of another content
    assert tracker.phase(3).status == "IN_PROGRESS"
    tracker.record_approval(2, digests[2], "Test Sentinel", "Ben")
    assert tracker.phase(3).status == "COMPLETE"
    tracker.record_approval(2, digests[2], "Test Sentinel", "Ben")  # idempotent
    assert len(tracker.approvals(2)) == 3
    changed = plan_json({1: ["a"], 2: ["b", "c"]})  # batch 2 changed: its approvals no longer count
    tracker.record_plan(changed)
    assert {t.ref: t.status for t in tracker.tasks(phase=3)} == {"1": "COMPLETE", "2": "NOT_STARTED"}
    assert tracker.phase(3).status == "IN_PROGRESS" and tracker.phase(3).completed_at is None


def test_batches_move_phase_5_and_a_revert_reopens_it(tracker: Tracker) -> None:
    tracker.record_plan(plan_json({1: ["a"], 2: ["b"]}))
    tracker.record_batch(1, "applied", ["pkg/a.py", "pkg/WF1_a.py"])
    assert tracker.phase(5).status == "IN_PROGRESS"
    tracker.record_batch(2, "applied", ["pkg/b.py"])
    assert tracker.phase(5).status == "COMPLETE" and tracker.phase(5).completed_at is not None
    tracker.record_validation([CheckRecord("tests", "pass", "ok", {}, 1.0)])
    assert tracker.phase(6).status == "COMPLETE"
    tracker.record_batch(2, "reverted", ["pkg/b.py"], command="revert")
    assert tracker.phase(5).status == "IN_PROGRESS" and tracker.phase(5).completed_at is None
    assert tracker.phase(6).status == "IN_PROGRESS" and "validate again" in tracker.phase(6).note
    assert tracker.batch_states() == {"1": "applied", "2": "reverted"}
    assert ("pkg/b.py", "rename-reverted", "batch 2") in tracker.file_audit("pkg/b.py")
    tracker.record_batch(3, "failed", [], detail="graph differs")
    assert tracker.phase(5).status == "BLOCKED"


def test_batch_ids_given_by_the_caller_move_phase_5_as_the_stored_plan_does(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``apply`` holds the saved plan and gives its batch ids: the stored plan (20 MB of JSON at
    20,000 modules) is not read back, and phase 5 completes on those ids as on the stored ones."""
    tracker.record_plan(plan_json({1: ["a"], 2: ["b"]}))
    monkeypatch.setattr(type(tracker), "_latest_payload", lambda *args: pytest.fail("the stored plan was read"))
    tracker.record_batch(1, "applied", ["pkg/a.py"], planned=["1", "2"])
    assert tracker.phase(5).status == "IN_PROGRESS"
    tracker.record_batch(2, "applied", ["pkg/b.py"], planned=["1", "2"])
    assert tracker.phase(5).status == "COMPLETE"
    tracker.record_batch(2, "reverted", ["pkg/b.py"], command="revert", planned=["1", "2"])
    assert tracker.phase(5).status == "IN_PROGRESS"


def test_an_event_the_machine_refuses_changes_nothing(tracker: Tracker) -> None:
    """guardian/workflow/machine.py refuses an unknown outcome or phase: the record goes with it (one
    transaction), and the caller's bug is a ValueError, not a silent no-op."""
    before = (tracker.events(), tracker.phases(), tracker.tasks())
    with pytest.raises(ValueError, match="unknown outcome 'exploded'"):
        tracker.record_batch(1, "exploded", ["pkg/a.py"])
    with pytest.raises(ValueError, match="no phase 9"):
        tracker.complete_phase(9)
    assert (tracker.events(), tracker.phases(), tracker.tasks()) == before
    assert tracker.file_audit("pkg/a.py") == []


def test_validation_runs_are_stored_and_move_phase_6(tracker: Tracker) -> None:
    red = [
        CheckRecord("compile", "pass", "ok", {}, 0.1),
        CheckRecord("tests", "fail", "1 failed", {"seconds": 2.0}, 2.0),
    ]
    run = tracker.record_validation(red)
    assert tracker.phase(6).status == "BLOCKED"
    assert tracker.results(run) == red
    green = [CheckRecord("compile", "pass", "ok", {}, 0.1), CheckRecord("tests", "pass", "ok", {}, 1.0)]
    run2 = tracker.record_validation(green)
    assert run2 > run and tracker.latest_run("validate")[1] == green
    assert tracker.phase(6).status == "COMPLETE" and tracker.tasks(status="BLOCKED") == []
    with pytest.raises(ValueError):
        tracker.record_validation([CheckRecord("x", "maybe", "", {}, None)])


def test_enum_sql_and_verification(tracker: Tracker) -> None:
    groups = [{"canonical": "order_status", "merge": ["orderstatus", "status_enum"]}]
    tracker.record_enum_sql(groups, "abc", ["001_up.sql"])
    assert tracker.phase(4).status == "IN_PROGRESS"
    tracker.record_enum_verify("abc", False, "row counts differ", groups)
    assert tracker.phase(4).status == "BLOCKED"
    tracker.record_enum_verify("abc", True, "up/down/up equal", groups)
    assert tracker.phase(4).status == "COMPLETE"
    assert [r.status for r in tracker.enum_migrations()] == ["generated", "failed", "verified"]


def test_damage_found_inside_a_transaction_is_a_tracking_error(tmp_path: Path) -> None:
    tracker = open_tracker(tmp_path, Config(root=tmp_path))
    with sqlite3.connect(tmp_path / ".guardian" / "tracking.db") as conn:
        conn.execute("DROP TABLE v7_events")  # a table a record needs has gone
    with pytest.raises(TrackingError, match="no such table: v7_events") as info:
        tracker.record_event("x", "y", "z")
    assert info.value.exit_code == 2
    assert tracker.phases()[0].number == 1  # the connection is still usable after the failed write
