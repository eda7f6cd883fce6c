"""Everything the gates and ``status`` look at, read once from the tracker, the plan and the journal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from guardian.errors import ConfigError
from guardian.tracking import Approval, Tracker
from guardian.tracking.tracking_store import parse_stamp
from guardian.workflow.history import BatchChange, batch_history
from planner.config import Config
from planner.plan import Plan

DEFAULT_STABILITY_DAYS = 30


@dataclass(frozen=True)
class Snapshot:
    """The workflow's state at one instant (frozen: gates are pure functions of it)."""

    now: datetime
    assessment: Mapping[str, Any] | None = None
    database_configured: bool = False
    noncompliant: tuple[str, ...] = ()
    plan: Plan | None = None
    required_roles: tuple[str, ...] = ()
    approvals: tuple[Approval, ...] = ()
    enums_planned: int = 0
    enum_sql: str | None = None  #: digest of the last generated ENUM SQL
    enum_verify: tuple[str, bool, str] | None = None  #: (digest, passed, detail) of the last verification
    batch_status: Mapping[str, str] = field(default_factory=dict)  #: batch id -> applied | reverted | ...
    last_change: tuple[datetime, str] | None = None  #: (when, "batch 3 reverted") of the last journal change
    validation: tuple[datetime, tuple[str, ...]] | None = None  #: (when, failed checks) of the last validate
    window_seconds: float = DEFAULT_STABILITY_DAYS * 86400.0

    def missing_approvals(self) -> dict[int, list[str]]:
        """Batch id -> required roles with no approval of the batch's current digest."""
        if self.plan is None:
            return {}
        result = {}
        for batch in self.plan.batches:
            roles = {a.role for a in self.approvals if a.batch_id == batch.id and a.digest == batch.digest}
            missing = [r for r in self.required_roles if r not in roles]
            if missing:
                result[batch.id] = missing
        return result

    def void_approvals(self) -> dict[int, list[str]]:
        """Batch id -> "approver (role)" of approvals given to an earlier content of the batch."""
        if self.plan is None:
            return {}
        result: dict[int, list[str]] = {}
        for batch in self.plan.batches:
            for a in self.approvals:
                if a.batch_id == batch.id and a.digest != batch.digest:
                    result.setdefault(batch.id, []).append(f"{a.approver} ({a.role})")
        return result


def stability_window(config: Config) -> float:
    """Seconds of the retirement stability window: ``stability_seconds``, else ``stability_days`` (30).

    Raises:
        ConfigError: a value that is not a number >= 0.
    """
    table = config.extra_table("retirement")
    for key, scale in (("stability_seconds", 1.0), ("stability_days", 86400.0)):
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(
                config.source or "pyproject.toml",
                f"retirement.{key}",
                f"expected a number >= 0, got {value!r}",
                hint=f"{key} = 30",
            )
        return float(value) * scale
    return DEFAULT_STABILITY_DAYS * 86400.0


def take_snapshot(repo: Path, config: Config, tracker: Tracker, plan: Plan | None) -> Snapshot:
    """Read the workflow's state: last assessment, plan, approvals, ENUM SQL, journal and validation."""
    now = tracker.clock()
    assessment_event = tracker.latest("assessment")
    assessment = assessment_event.payload if assessment_event else None
    noncompliant = tuple(str(n.get("path")) for n in (assessment or {}).get("compliance", {}).get("noncompliant", []))
    generated = tracker.latest("enum-sql")
    verified = tracker.latest("enum-verify")
    changes = batch_history(repo, tracker)
    validate = tracker.latest_run("validate")
    validation = None
    if validate is not None:
        event, checks = validate
        validation = (parse_stamp(event.at), tuple(c.check for c in checks if c.status == "fail"))
    enums_planned = len(plan.enums) if plan is not None else 0
    if plan is None and assessment:
        enums_planned = len((assessment.get("database") or {}).get("duplicate_enums", []))
    return Snapshot(
        now=now,
        assessment=assessment,
        database_configured=bool(config.database.schema or config.database.dsn),
        noncompliant=noncompliant,
        plan=plan,
        required_roles=config.required_roles,
        approvals=tuple(tracker.approvals()),
        enums_planned=enums_planned,
        enum_sql=generated.payload.get("digest") if generated else None,
        enum_verify=(verified.payload["digest"], bool(verified.payload["passed"]), str(verified.payload["detail"]))
        if verified
        else None,
        batch_status=_states(changes, plan),
        last_change=_last(changes),
        validation=validation,
        window_seconds=stability_window(config),
    )


def _states(changes: list[BatchChange], plan: Plan | None) -> dict[str, str]:
    """Batch id -> its journal status; an applied batch whose renames differ from the plan's batch of
    the same id (the plan was re-made since) is ``applied-other``: the plan's batch is not applied."""
    journaled = {change.batch_id for change in changes}  # the batches compared (a plan has a thousand)
    planned = {
        str(b.id): tuple(sorted((r.old_module, r.new_module) for r in b.renames))
        for b in (plan.batches if plan is not None else ())
        if str(b.id) in journaled
    }
    states: dict[str, str] = {}
    for change in changes:
        if change.kind == "rename":
            status = change.status
            expected = planned.get(change.batch_id)
            if (
                status == "applied"
                and change.mapping is not None
                and expected is not None
                and change.mapping != expected
            ):
                status = "applied-other"
            states[change.batch_id] = status
    return states


def _last(changes: list[BatchChange]) -> tuple[datetime, str] | None:
    relevant = [c for c in changes if c.kind == "rename" and c.status in ("applied", "reverted")]
    if not relevant:
        return None
    latest = max(relevant, key=lambda c: c.at)
    return latest.at, f"batch {latest.batch_id} {latest.status}"
