"""Escalation of blocked tasks by age, and the approval chain with digest voiding (real SQLite)."""

from __future__ import annotations

import pytest
from workflow_helpers import Clock, make_plan, plan_json

from guardian.approvals import ApprovalMissing, approve, require_approvals
from guardian.errors import UsageError
from guardian.tracking import Tracker
from guardian.workflow.escalation import escalate

ROLES = ("Layer Guardian", "Test Sentinel")


@pytest.mark.parametrize(
    ("hours", "level", "to"),
    [
        (1, 0, "phase team"),
        (3.9, 0, "phase team"),
        (4.5, 1, "Test Sentinel"),
        (23, 1, "Test Sentinel"),
        (25, 2, "The Architect"),
    ],
)
def test_blocked_task_escalates_with_age(tracker: Tracker, clock: Clock, hours: float, level: int, to: str) -> None:
    tracker.block(6, "validation", "validate", "validation failed: tests", "1 failed")
    clock.advance(hours=1)
    tracker.block(6, "validation", "validate", "validation failed: tests", "still failing")  # keeps its first time
    [task] = tracker.tasks(status="BLOCKED")
    assert task.blocked_since == "2026-11-23T10:00:00.000000Z"
    clock.advance(hours=hours - 1)
    leads = {p.number: p.lead for p in tracker.phases()}
    found = escalate(task, clock(), leads)
    assert (found.level, found.escalated_to, round(found.hours, 1)) == (level, to, hours)
    assert tracker.phase(6).status == "BLOCKED"


def test_unblocking_the_phase_closes_its_tasks(tracker: Tracker) -> None:
    tracker.block(4, "enum-verify", "sql", "verification failed", "x")
    tracker.complete_phase(4)
    assert tracker.tasks(status="BLOCKED") == [] and tracker.tasks(phase=4)[0].status == "COMPLETE"


def test_approve_binds_to_the_digest_and_apply_refuses_missing_roles(tracker: Tracker) -> None:
    plan = make_plan({1: ["a"], 2: ["b"]})
    tracker.record_plan(plan.to_json())
    first = approve(tracker, plan, 1, " Ana ", "Layer Guardian", ROLES)
    assert (first.approver, first.digest) == ("Ana", plan.batch(1).digest)
    with pytest.raises(ApprovalMissing) as info:
        require_approvals(tracker, plan.batches, ROLES)
    assert info.value.exit_code == 3
    message = str(info.value)
    assert "batch 1 lacks approval by Test Sentinel" in message
    assert "batch 2 lacks approval by Layer Guardian, Test Sentinel" in message and "nothing was changed" in message
    approve(tracker, plan, 1, "Ben", "Test Sentinel", ROLES)
    require_approvals(tracker, [plan.batch(1)], ROLES)  # batch 1 is fully approved
    changed = make_plan({1: ["a", "c"], 2: ["b"]})  # re-planned: batch 1 now does more
    with pytest.raises(
        ApprovalMissing,
        match=r"batch 1 lacks approval by Layer Guardian, Test Sentinel \(void: Ana "
        r"\(Layer Guardian\), Ben \(Test Sentinel\)",
    ):
        require_approvals(tracker, [changed.batch(1)], ROLES)


def test_approve_rejects_bad_input(tracker: Tracker) -> None:
    plan = make_plan({1: ["a"]})
    with pytest.raises(UsageError, match="not a required role"):
        approve(tracker, plan, 1, "Ana", "Layer Guardain", ROLES)
    with pytest.raises(UsageError, match="--by"):
        approve(tracker, plan, 1, "  ", "Layer Guardian", ROLES)
    from planner.errors import InputError

    with pytest.raises(InputError, match="no batch 9"):
        approve(tracker, plan, 9, "Ana", "Layer Guardian", ROLES)
    assert tracker.approvals() == []


def test_plan_json_digest_matches_plan_objects() -> None:
    data = plan_json({1: ["a"]})
    assert data["batches"][0]["digest"] == make_plan({1: ["a"]}).batch(1).digest
