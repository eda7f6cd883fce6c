"""The seven review gates, each closed for its reason and open when its condition holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from workflow_helpers import T0, make_plan

from guardian.tracking import Approval
from guardian.workflow.gates import evaluate
from guardian.workflow.snapshot import Snapshot

ROLES = ("Layer Guardian", "Test Sentinel")


def gate(snapshot: Snapshot, phase: int):
    [found] = evaluate(snapshot, phase)
    return found


def approvals(plan, roles=ROLES, digest=None) -> tuple[Approval, ...]:
    return tuple(Approval(b.id, digest or b.digest, role, "someone", "t") for b in plan.batches for role in roles)


def green() -> Snapshot:
    """Everything done: every gate open."""
    plan = make_plan({1: ["a"], 2: ["b"]}, enums=1)
    return Snapshot(
        now=T0 + timedelta(days=31),
        assessment={"compliance": {"noncompliant": []}, "database": {}},
        database_configured=True,
        noncompliant=("pkg/a.py", "pkg/b.py"),
        plan=plan,
        required_roles=ROLES,
        approvals=approvals(plan),
        enums_planned=1,
        enum_sql="d1",
        enum_verify=("d1", True, "ok"),
        batch_status={"1": "applied", "2": "applied"},
        last_change=(T0, "batch 2 applied"),
        validation=(T0 + timedelta(hours=1), ()),
        window_seconds=30 * 86400.0,
    )


def test_all_open_when_everything_is_done() -> None:
    gates = evaluate(green())
    assert [(g.source, g.target, g.open) for g in gates] == [
        (1, 2, True),
        (2, 3, True),
        (3, 4, True),
        (4, 5, True),
        (5, 6, True),
        (6, 7, True),
        (7, "done", True),
    ]
    assert gates[0].to_json() == {
        "from": 1,
        "to": 2,
        "title": "database reality documented",
        "open": True,
        "reasons": [],
    }


def test_gate_1_needs_an_assessment_with_the_database_when_configured() -> None:
    assert gate(replace(green(), assessment=None), 1).reasons == ("no assessment recorded: run `guardian assess`",)
    no_db = replace(green(), assessment={"compliance": {}})
    assert "no database section" in gate(no_db, 1).reasons[0]
    assert gate(replace(no_db, database_configured=False), 1).open


def test_gate_2_needs_a_conflict_free_plan_covering_every_noncompliant_module() -> None:
    assert not gate(replace(green(), plan=None), 2).open
    conflicted = replace(green(), plan=make_plan({1: ["a"], 2: ["b"]}, conflicts=2))
    assert gate(conflicted, 2).reasons[0].startswith("the plan has 2 conflict(s)")
    uncovered = replace(green(), noncompliant=("pkg/a.py", "pkg/b.py", "pkg/zz.py"))
    assert gate(uncovered, 2).reasons == (
        "1 non-compliant module(s) not in the plan: pkg/zz.py; re-run `guardian plan`",
    )


def test_gate_3_needs_every_role_on_every_batch_and_voids_changed_batches() -> None:
    base = green()
    one_role = replace(base, approvals=approvals(base.plan, roles=("Layer Guardian",)))
    reasons = gate(one_role, 3).reasons
    assert len(reasons) == 2 and reasons[0].startswith("batch 1 lacks approval by Test Sentinel")
    replanned = replace(base, plan=make_plan({1: ["a"], 2: ["b", "c"]}, enums=1))  # batch 2's content changed
    reasons = gate(replanned, 3).reasons
    assert reasons[0].startswith("batch 2 lacks approval by Layer Guardian, Test Sentinel")
    assert any("batch 2 changed since" in r and "void" in r for r in reasons)
    assert gate(replace(base, required_roles=()), 3).open


def test_gate_4_needs_the_current_sql_verified() -> None:
    base = green()
    assert "no SQL generated" in gate(replace(base, enum_sql=None), 4).reasons[0]
    assert "never verified" in gate(replace(base, enum_verify=None), 4).reasons[0]
    assert "is not the SQL last verified" in gate(replace(base, enum_sql="d2"), 4).reasons[0]
    assert "failed: boom" in gate(replace(base, enum_verify=("d1", False, "boom")), 4).reasons[0]
    assert gate(replace(base, enums_planned=0, enum_sql=None, enum_verify=None), 4).open


def test_gate_5_needs_every_batch_applied() -> None:
    reasons = gate(replace(green(), batch_status={"1": "applied", "2": "reverted"}), 5).reasons
    assert reasons == ("1 of 2 batch(es) not applied: 2; run `guardian apply --all`",)


def test_gate_6_needs_a_green_validate_after_the_last_change() -> None:
    base = green()
    assert gate(replace(base, validation=None), 6).reasons == ("`guardian validate` has not run",)
    assert (
        "failed: tests, naming"
        in gate(replace(base, validation=(T0 + timedelta(hours=1), ("tests", "naming"))), 6).reasons[0]
    )
    stale = replace(base, validation=(T0 - timedelta(seconds=1), ()))
    assert "after the last validate" in gate(stale, 6).reasons[0]


def test_gate_7_is_the_stability_window_without_revert() -> None:
    base = green()
    early = replace(base, now=T0 + timedelta(days=10))
    reasons = gate(early, 7).reasons
    assert reasons == ("stability window: 10.0 days of 30.0 days elapsed since 2026-11-23T10:00:00Z; 20.0 days left",)
    short = replace(early, window_seconds=3600.0)
    assert gate(short, 7).open
    reverted = replace(
        base,
        now=T0 + timedelta(hours=2),
        last_change=(T0, "batch 2 reverted"),
        validation=(T0 + timedelta(hours=1), ()),
    )
    reasons = gate(reverted, 7).reasons
    assert any("batch 2 reverted" in r and "restarted" in r for r in reasons)
    assert not gate(replace(base, validation=(T0 + timedelta(hours=1), ("tests",))), 7).open
