"""Escalation of blocked tasks: over 4 h to the phase lead, over 24 h to The Architect."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from guardian.tracking import Task
from guardian.tracking.tracking_store import parse_stamp
from guardian.workflow.phases import ARCHITECT

#: (hours blocked, level) thresholds, from the seed.
TO_LEAD_HOURS = 4.0
TO_ARCHITECT_HOURS = 24.0


@dataclass(frozen=True)
class Escalation:
    """How far a blocked task has climbed: level 0 the phase team, 1 its lead, 2 The Architect."""

    task: Task
    hours: float
    level: int
    escalated_to: str

    def to_json(self) -> dict[str, object]:
        return {
            "phase": self.task.phase,
            "task": self.task.title,
            "detail": self.task.detail,
            "blocked_since": (self.task.blocked_since or "")[:19] + "Z",
            "hours": round(self.hours, 2),
            "escalation_level": self.level,
            "escalated_to": self.escalated_to,
        }


def escalate(task: Task, now: datetime, leads: Mapping[int, str]) -> Escalation:
    """The escalation of one BLOCKED task at ``now``."""
    since = parse_stamp(task.blocked_since or task.updated_at)
    hours = max(0.0, (now - since).total_seconds() / 3600.0)
    if hours > TO_ARCHITECT_HOURS:
        return Escalation(task, hours, 2, ARCHITECT)
    if hours > TO_LEAD_HOURS:
        return Escalation(task, hours, 1, leads.get(task.phase, ARCHITECT))
    return Escalation(task, hours, 0, "phase team")
