"""The phase state machine of the V7 workflow: state + event -> phase moves, or a refusal.

Pure: :func:`advance` reads each phase's status and note (:data:`State`) and one :data:`PhaseEvent`
(what a command just recorded) and returns the :class:`PhaseMove` s that follow, in order, or a
:class:`Refusal` when the event cannot apply. It does no I/O: ``guardian/tracking/tracker.py``
reads the state, stores the record and applies the moves in one transaction.

The rules, phase by phase (docs/workflow.md):

1. an assessment completes phase 1;
2. a plan completes phase 2, or blocks it while it has conflicts; a plan without ENUM work
   completes a phase 4 not yet started, and ENUM work appearing later reopens it;
3. phase 3 completes when every batch of the plan is approved by every required role, and is in
   progress once any approval exists;
4. generated SQL starts phase 4; its up/down/up verification completes or blocks it;
5. a failed or refused batch blocks phase 5; any other outcome moves a complete phase 6 back to
   in progress (the validated code changed), then phase 5 is complete once every planned batch is
   applied, else in progress;
6. a validation completes phase 6, or blocks it when a check failed;
7. a retirement completes phase 7.

Any phase can also be started (only from NOT_STARTED), completed, reopened or blocked directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from guardian.workflow.phases import BLOCKED, BY_NUMBER, COMPLETE, IN_PROGRESS, NOT_STARTED, STATUSES

#: The note phase 4 carries when it completed because the plan had no ENUM work.
NO_ENUMS = "no ENUM consolidation planned"
#: The outcomes of a journaled batch.
BATCH_STATUSES = ("applied", "reverted", "failed", "refused")


@dataclass(frozen=True)
class PhaseStatus:
    """What the machine reads of a phase: its status and the note of its last move."""

    status: str
    note: str | None = None


#: Phase number -> its status (all seven phases).
State: TypeAlias = Mapping[int, PhaseStatus]


@dataclass(frozen=True)
class PhaseMove:
    """Set phase ``phase`` to ``status`` with ``note``."""

    phase: int
    status: str
    note: str | None


@dataclass(frozen=True)
class Refusal:
    """The event cannot apply (a caller's bug: an unknown phase, status or outcome)."""

    reason: str


@dataclass(frozen=True)
class Started:
    phase: int
    note: str | None = None


@dataclass(frozen=True)
class Completed:
    phase: int
    note: str | None = None


@dataclass(frozen=True)
class Reopened:
    phase: int
    note: str | None = None


@dataclass(frozen=True)
class Blocked:
    phase: int
    note: str


@dataclass(frozen=True)
class Assessed:
    summary: str


@dataclass(frozen=True)
class Planned:
    summary: str
    conflicts: int
    enums: int


@dataclass(frozen=True)
class Reviewed:
    """The approvals of the current plan: ``approved`` of ``batches`` have every required role."""

    batches: int
    approved: int
    any_approval: bool


@dataclass(frozen=True)
class EnumSqlGenerated:
    pass


@dataclass(frozen=True)
class EnumVerified:
    digest: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class BatchRecorded:
    """A rename batch's outcome; ``planned`` are the current plan's batch ids and ``applied`` the
    batches applied now (this outcome included)."""

    batch_id: str
    status: str
    planned: tuple[str, ...] = ()
    applied: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Validated:
    checks: int
    failed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Retired:
    summary: str


PhaseEvent: TypeAlias = (
    Started
    | Completed
    | Reopened
    | Blocked
    | Assessed
    | Planned
    | Reviewed
    | EnumSqlGenerated
    | EnumVerified
    | BatchRecorded
    | Validated
    | Retired
)


def advance(state: State, event: PhaseEvent) -> tuple[PhaseMove, ...] | Refusal:
    """The phase moves ``event`` causes in ``state`` (see the module docstring), or why it cannot."""
    missing = [number for number in BY_NUMBER if number not in state]
    if missing:
        return Refusal(f"the state has no phase {missing[0]}")
    unknown = [p.status for p in state.values() if p.status not in STATUSES]
    if unknown:
        return Refusal(f"unknown phase status {unknown[0]!r}")
    match event:
        case Started() | Completed() | Reopened() | Blocked():
            return _direct(state, event)
        case Assessed(summary):
            return (PhaseMove(1, COMPLETE, summary),)
        case Planned():
            return _planned(state, event)
        case Reviewed(batches, approved, any_approval):
            if batches and approved == batches:
                return (PhaseMove(3, COMPLETE, f"{approved} batch(es) approved by every required role"),)
            if any_approval:
                return (PhaseMove(3, IN_PROGRESS, f"{approved}/{batches} batch(es) fully approved"),)
            return ()
        case EnumSqlGenerated():
            return (PhaseMove(4, IN_PROGRESS, "SQL generated, not verified"),) if state[4].status == NOT_STARTED else ()
        case EnumVerified(digest, passed, detail):
            if passed:
                return (PhaseMove(4, COMPLETE, f"SQL {digest[:12]} verified"),)
            return (PhaseMove(4, BLOCKED, f"verification failed: {detail}"),)
        case BatchRecorded():
            return _batch(state, event)
        case Validated(checks, failed):
            if failed:
                return (PhaseMove(6, BLOCKED, f"validation failed: {', '.join(failed)}"),)
            return (PhaseMove(6, COMPLETE, f"{checks} checks green"),)
        case Retired(summary):
            return (PhaseMove(7, COMPLETE, summary),)
    return Refusal(f"unknown event {event!r}")


def _direct(state: State, event: Started | Completed | Reopened | Blocked) -> tuple[PhaseMove, ...] | Refusal:
    if event.phase not in BY_NUMBER:
        return Refusal(f"no phase {event.phase} (phases are 1-{len(BY_NUMBER)})")
    if isinstance(event, Started):
        return (PhaseMove(event.phase, IN_PROGRESS, event.note),) if state[event.phase].status == NOT_STARTED else ()
    status = {Completed: COMPLETE, Reopened: IN_PROGRESS, Blocked: BLOCKED}[type(event)]
    return (PhaseMove(event.phase, status, event.note),)


def _planned(state: State, event: Planned) -> tuple[PhaseMove, ...]:
    moves = [PhaseMove(2, BLOCKED if event.conflicts else COMPLETE, event.summary)]
    phase4 = state[4]
    if not event.enums and phase4.status == NOT_STARTED:
        moves.append(PhaseMove(4, COMPLETE, NO_ENUMS))
    elif event.enums and phase4.note == NO_ENUMS:  # ENUM work appeared after all: phase 4 is open again
        moves.append(PhaseMove(4, IN_PROGRESS, f"{event.enums} ENUM consolidation(s) planned"))
    return tuple(moves)


def _batch(state: State, event: BatchRecorded) -> tuple[PhaseMove, ...] | Refusal:
    if event.status not in BATCH_STATUSES:
        return Refusal(f"batch {event.batch_id}: unknown outcome {event.status!r} (one of {', '.join(BATCH_STATUSES)})")
    if event.status in ("failed", "refused"):
        return (PhaseMove(5, BLOCKED, f"batch {event.batch_id} {event.status}"),)
    moves = []
    if state[6].status == COMPLETE:  # the validated code is not the code any more
        moves.append(
            PhaseMove(6, IN_PROGRESS, f"batch {event.batch_id} {event.status} after the last validate: validate again")
        )
    done = [i for i in event.planned if i in event.applied]
    if event.planned and len(done) == len(event.planned):
        moves.append(PhaseMove(5, COMPLETE, f"all {len(event.planned)} batches applied"))
    else:
        moves.append(PhaseMove(5, IN_PROGRESS, f"{len(done)}/{len(event.planned)} batches applied"))
    return tuple(moves)
