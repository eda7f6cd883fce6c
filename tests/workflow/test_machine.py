"""The phase state machine (guardian/workflow/machine.py): every transition and every refusal, as
pure data in, data out (no database: the tracker's own tests cover storing the moves)."""

from __future__ import annotations

import pytest

from guardian.workflow.machine import (
    NO_ENUMS,
    Assessed,
    BatchRecorded,
    Blocked,
    Completed,
    EnumSqlGenerated,
    EnumVerified,
    PhaseEvent,
    PhaseMove,
    PhaseStatus,
    Planned,
    Refusal,
    Reopened,
    Retired,
    Reviewed,
    Started,
    Validated,
    advance,
)
from guardian.workflow.phases import BLOCKED, COMPLETE, IN_PROGRESS, NOT_STARTED


def state(**statuses: str | tuple[str, str]) -> dict[int, PhaseStatus]:
    """Every phase NOT_STARTED but those given as ``p4=COMPLETE`` or ``p4=(COMPLETE, note)``."""
    result = {number: PhaseStatus(NOT_STARTED) for number in range(1, 8)}
    for key, value in statuses.items():
        status, note = value if isinstance(value, tuple) else (value, None)
        result[int(key[1:])] = PhaseStatus(status, note)
    return result


@pytest.mark.parametrize(
    ("before", "event", "moves"),
    [
        # direct moves of any phase
        (state(), Started(3, "go"), (PhaseMove(3, IN_PROGRESS, "go"),)),
        (state(p3=IN_PROGRESS), Started(3), ()),
        (state(p3=COMPLETE), Started(3), ()),  # a re-run keeps COMPLETE
        (state(p3=BLOCKED), Started(3), ()),
        (state(p6=BLOCKED), Completed(6, "done"), (PhaseMove(6, COMPLETE, "done"),)),
        (state(p5=COMPLETE), Reopened(5, "reverted"), (PhaseMove(5, IN_PROGRESS, "reverted"),)),
        (state(p2=COMPLETE), Blocked(2, "stuck"), (PhaseMove(2, BLOCKED, "stuck"),)),
        # 1 Assessment
        (state(), Assessed("10%"), (PhaseMove(1, COMPLETE, "10%"),)),
        # 2 Design, with phase 4 following the plan's ENUM work
        (state(), Planned("3 renames", 0, 0), (PhaseMove(2, COMPLETE, "3 renames"), PhaseMove(4, COMPLETE, NO_ENUMS))),
        (state(), Planned("3 renames", 2, 1), (PhaseMove(2, BLOCKED, "3 renames"),)),
        (state(p4=IN_PROGRESS), Planned("s", 0, 0), (PhaseMove(2, COMPLETE, "s"),)),
        (
            state(p4=(COMPLETE, NO_ENUMS)),
            Planned("s", 0, 2),
            (PhaseMove(2, COMPLETE, "s"), PhaseMove(4, IN_PROGRESS, "2 ENUM consolidation(s) planned")),
        ),
        (state(p4=(COMPLETE, "SQL abc verified")), Planned("s", 0, 2), (PhaseMove(2, COMPLETE, "s"),)),
        # 3 Review
        (state(), Reviewed(2, 2, True), (PhaseMove(3, COMPLETE, "2 batch(es) approved by every required role"),)),
        (state(), Reviewed(2, 1, True), (PhaseMove(3, IN_PROGRESS, "1/2 batch(es) fully approved"),)),
        (state(), Reviewed(2, 0, False), ()),
        (state(), Reviewed(0, 0, False), ()),  # no batch: nothing to approve is not "approved"
        (state(), Reviewed(0, 0, True), (PhaseMove(3, IN_PROGRESS, "0/0 batch(es) fully approved"),)),
        # 4 Database
        (state(), EnumSqlGenerated(), (PhaseMove(4, IN_PROGRESS, "SQL generated, not verified"),)),
        (state(p4=BLOCKED), EnumSqlGenerated(), ()),
        (state(p4=COMPLETE), EnumSqlGenerated(), ()),
        (state(), EnumVerified("0123456789abcdef", True, "ok"), (PhaseMove(4, COMPLETE, "SQL 0123456789ab verified"),)),
        (
            state(p4=COMPLETE),
            EnumVerified("d", False, "rows differ"),
            (PhaseMove(4, BLOCKED, "verification failed: rows differ"),),
        ),
        # 5 Implementation (and phase 6 going stale)
        (state(), BatchRecorded("2", "failed"), (PhaseMove(5, BLOCKED, "batch 2 failed"),)),
        (state(p6=COMPLETE), BatchRecorded("2", "refused"), (PhaseMove(5, BLOCKED, "batch 2 refused"),)),
        (
            state(),
            BatchRecorded("1", "applied", ("1", "2"), frozenset({"1"})),
            (PhaseMove(5, IN_PROGRESS, "1/2 batches applied"),),
        ),
        (
            state(),
            BatchRecorded("2", "applied", ("1", "2"), frozenset({"1", "2"})),
            (PhaseMove(5, COMPLETE, "all 2 batches applied"),),
        ),
        (
            state(p5=COMPLETE, p6=COMPLETE),
            BatchRecorded("2", "reverted", ("1", "2"), frozenset({"1"})),
            (
                PhaseMove(6, IN_PROGRESS, "batch 2 reverted after the last validate: validate again"),
                PhaseMove(5, IN_PROGRESS, "1/2 batches applied"),
            ),
        ),
        (
            state(),
            BatchRecorded("9", "applied", (), frozenset({"9"})),
            (PhaseMove(5, IN_PROGRESS, "0/0 batches applied"),),
        ),
        # 6 Validation
        (state(), Validated(8), (PhaseMove(6, COMPLETE, "8 checks green"),)),
        (
            state(p6=COMPLETE),
            Validated(8, ("tests", "naming")),
            (PhaseMove(6, BLOCKED, "validation failed: tests, naming"),),
        ),
        # 7 Retirement
        (state(), Retired("3 shims removed"), (PhaseMove(7, COMPLETE, "3 shims removed"),)),
    ],
)
def test_every_transition(before: dict[int, PhaseStatus], event: PhaseEvent, moves: tuple[PhaseMove, ...]) -> None:
    assert advance(before, event) == moves


@pytest.mark.parametrize(
    ("before", "event", "reason"),
    [
        (state(), Started(8), "no phase 8 (phases are 1-7)"),
        (state(), Completed(0), "no phase 0"),
        (state(), Reopened(-1), "no phase -1"),
        (state(), Blocked(9, "x"), "no phase 9"),
        (state(), BatchRecorded("1", "exploded"), "batch 1: unknown outcome 'exploded'"),
        ({n: PhaseStatus(NOT_STARTED) for n in range(1, 7)}, Assessed("s"), "the state has no phase 7"),
        (state(p2="DONE"), Assessed("s"), "unknown phase status 'DONE'"),
        (state(), "assess", "unknown event 'assess'"),
    ],
)
def test_every_refusal(before: dict[int, PhaseStatus], event: PhaseEvent, reason: str) -> None:
    refused = advance(before, event)
    assert isinstance(refused, Refusal)
    assert reason in refused.reason


def test_the_state_is_read_not_changed() -> None:
    before = state(p6=COMPLETE)
    copy = dict(before)
    advance(before, BatchRecorded("1", "applied", ("1",), frozenset({"1"})))
    assert before == copy
