"""The seed's review gates between phases, evaluated on a snapshot of the workflow's state.

Pure: :func:`evaluate` reads a :class:`~guardian.workflow.snapshot.Snapshot` and returns data; each
closed gate says why, in words that name what to run next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from guardian.workflow.snapshot import Snapshot


@dataclass(frozen=True)
class Gate:
    """The review gate after phase ``source``; ``target`` is the next phase, or ``"done"`` after 7."""

    source: int
    target: int | str
    title: str
    open: bool
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "to": self.target,
            "title": self.title,
            "open": self.open,
            "reasons": list(self.reasons),
        }


def _database_documented(s: Snapshot) -> list[str]:
    if s.assessment is None:
        return ["no assessment recorded: run `guardian assess`"]
    if s.database_configured:
        database = s.assessment.get("database")
        if not isinstance(database, dict):
            return [
                "[database] is configured but the last assessment has no database section: re-run `guardian assess`"
            ]
        if database.get("error"):
            return [f"the last assessment could not read the database: {database['error']}"]
    return []


def _proposals_complete(s: Snapshot) -> list[str]:
    if s.plan is None:
        return ["no plan: run `guardian plan`"]
    reasons = (
        [
            f"the plan has {len(s.plan.conflicts)} conflict(s): "
            + "; ".join(f"[{c.kind}] {c.old}" for c in s.plan.conflicts[:3])
        ]
        if s.plan.conflicts
        else []
    )
    planned = {r.old for r in s.plan.renames}
    missing = sorted(p for p in s.noncompliant if p not in planned)
    if missing:
        reasons.append(
            f"{len(missing)} non-compliant module(s) not in the plan: {', '.join(missing[:5])}"
            + (" ..." if len(missing) > 5 else "")
            + "; re-run `guardian plan`"
        )
    return reasons


def _impacts_approved(s: Snapshot) -> list[str]:
    if s.plan is None:
        return ["no plan to approve: run `guardian plan`"]
    reasons = []
    for batch_id, missing in s.missing_approvals().items():
        reasons.append(
            f"batch {batch_id} lacks approval by {', '.join(missing)}: "
            f'`guardian approve {batch_id} --by NAME --role "{missing[0]}"`'
        )
    for batch_id, who in s.void_approvals().items():
        reasons.append(f"batch {batch_id} changed since {', '.join(who)} approved it: those approvals are void")
    return reasons


def _scripts_tested(s: Snapshot) -> list[str]:
    if s.plan is None and s.database_configured:
        return ["no plan (with its ENUM consolidation): run `guardian plan`"]
    if not s.enums_planned:
        return []
    if s.enum_sql is None:
        return [f"{s.enums_planned} ENUM consolidation(s) planned but no SQL generated: run `guardian enums sql`"]
    if s.enum_verify is None:
        return ["the ENUM SQL was never verified: run `guardian enums verify --dsn URL`"]
    digest, passed, detail = s.enum_verify
    if digest != s.enum_sql:
        return [
            f"the ENUM SQL last generated ({s.enum_sql[:12]}) is not the SQL last verified ({digest[:12]}): "
            "generate and verify from the same database (`guardian enums sql --dsn URL`, "
            "`guardian enums verify --dsn URL`)"
        ]
    if not passed:
        return [f"the last ENUM SQL verification failed: {detail}"]
    return []


def _code_complete(s: Snapshot) -> list[str]:
    if s.plan is None:
        return ["no plan: run `guardian plan`"]
    pending = [str(b.id) for b in s.plan.batches if s.batch_status.get(str(b.id)) != "applied"]
    if pending:
        return [
            f"{len(pending)} of {len(s.plan.batches)} batch(es) not applied: {', '.join(pending[:10])}; "
            "run `guardian apply --all`"
        ]
    return []


def _tests_passing(s: Snapshot) -> list[str]:
    if s.validation is None:
        return ["`guardian validate` has not run"]
    at, failed = s.validation
    reasons = [f"the last validate failed: {', '.join(failed)}"] if failed else []
    if s.last_change is not None and at < s.last_change[0]:
        reasons.append(f"the code changed ({s.last_change[1]}) after the last validate: re-run `guardian validate`")
    return reasons


def _stable(s: Snapshot) -> list[str]:
    reasons = _tests_passing(s)
    start = s.last_change[0] if s.last_change else (s.validation[0] if s.validation else None)
    if start is None:
        return reasons or ["nothing applied or validated yet"]
    elapsed = (s.now - start).total_seconds()
    if s.last_change is not None and s.last_change[1].endswith("reverted") and elapsed < s.window_seconds:
        reasons.append(f"{s.last_change[1]} at {_fmt(start)}: the stability window restarted")
    if elapsed < s.window_seconds:
        reasons.append(
            f"stability window: {_span(elapsed)} of {_span(s.window_seconds)} elapsed since "
            f"{_fmt(start)}; {_span(s.window_seconds - elapsed)} left"
        )
    return reasons


GATES: tuple[tuple[int, int | str, str, Callable[[Snapshot], list[str]]], ...] = (
    (1, 2, "database reality documented", _database_documented),
    (2, 3, "all proposals complete", _proposals_complete),
    (3, 4, "global impacts approved", _impacts_approved),
    (4, 5, "database scripts tested", _scripts_tested),
    (5, 6, "code complete", _code_complete),
    (6, 7, "tests passing", _tests_passing),
    (7, "done", "stability window", _stable),
)


def evaluate(snapshot: Snapshot, phase: int | None = None) -> list[Gate]:
    """Every gate (or only the one leaving ``phase``), open or closed with reasons."""
    gates = []
    for source, target, title, check in GATES:
        if phase is None or phase == source:
            reasons = tuple(check(snapshot))
            gates.append(Gate(source, target, title, not reasons, reasons))
    return gates


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _span(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds:.0f} s"
