"""The seven phases of the V7 workflow, their leads and the statuses a phase moves through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NOT_STARTED = "NOT_STARTED"
IN_PROGRESS = "IN_PROGRESS"
BLOCKED = "BLOCKED"
COMPLETE = "COMPLETE"
STATUSES = (NOT_STARTED, IN_PROGRESS, BLOCKED, COMPLETE)

ARCHITECT = "The Architect"


@dataclass(frozen=True)
class Phase:
    """A phase of the seed's workflow: its number, name, default lead and the command that moves it."""

    number: int
    name: str
    lead: str
    command: str


PHASES: tuple[Phase, ...] = (
    Phase(1, "Assessment", ARCHITECT, "assess"),
    Phase(2, "Design", "Layer Guardians", "plan"),
    Phase(3, "Review", "Workflow Personas", "approve"),
    Phase(4, "Database", "DB Team + Architect", "enums verify"),
    Phase(5, "Implementation", "Dev Team", "apply"),
    Phase(6, "Validation", "Test Sentinel", "validate"),
    Phase(7, "Retirement", ARCHITECT, "retire"),
)
BY_NUMBER: Mapping[int, Phase] = {p.number: p for p in PHASES}


def phase_number(text: str) -> int | None:
    """``"3"``, ``"review"`` or ``"Review"`` -> 3; None when it names no phase."""
    text = text.strip()
    if text.isdigit() and int(text) in BY_NUMBER:
        return int(text)
    for phase in PHASES:
        if phase.name.lower() == text.lower():
            return phase.number
    return None


def leads(overrides: Any, source: str = "pyproject.toml") -> dict[int, str]:
    """Each phase's lead: the seed's, replaced by ``[tool.guardian.workflow] leads`` entries.

    ``overrides`` maps a phase number or name to a person or team, e.g. ``{"1" = "Ana", "Database" = "DBA"}``.

    Raises:
        ConfigError: ``leads`` is not a table, a key names no phase, or a value is not a non-empty string.
    """
    from guardian.errors import ConfigError  # the CLI layer's error type; phases itself stays plain data

    result = {p.number: p.lead for p in PHASES}
    if overrides is None:
        return result
    names = ", ".join(f"{p.number} {p.name}" for p in PHASES)
    if not isinstance(overrides, Mapping):
        raise ConfigError(
            source,
            "workflow.leads",
            f"expected a table, got {overrides!r}",
            hint='leads = { "1" = "Ana", "Database" = "DBA team" }',
        )
    for key, value in overrides.items():
        number = phase_number(str(key))
        if number is None:
            raise ConfigError(source, f"workflow.leads.{key}", "names no phase", hint=f"phases: {names}")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(source, f"workflow.leads.{key}", f"expected a name, got {value!r}", hint='"Ana Lima"')
        result[number] = value.strip()
    return result
