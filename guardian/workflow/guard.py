"""Entering a phase: warn about earlier gates that are closed, or refuse under ``--strict``."""

from __future__ import annotations

import os
from typing import Any

import click

from guardian.errors import ConfigError, Conflict
from guardian.workflow.gates import Gate, evaluate
from guardian.workflow.snapshot import Snapshot, take_snapshot
from planner.errors import PlannerError
from planner.plan import PLAN_PATH, Plan
from planner.plan_file import load_plan

STRICT_META = "guardian.strict"


class GateClosed(Conflict):
    """A command of a later phase refused under ``--strict`` because an earlier gate is closed."""

    def __init__(self, gate: Gate, command: str) -> None:
        super().__init__(
            f"{command}: gate {gate.source}->{gate.target} ({gate.title}) is closed: " + "; ".join(gate.reasons),
            hint=f"run `guardian gate {gate.source}` for the details, or run without --strict",
        )
        self.gate = gate


def is_strict(app: Any) -> bool:
    """``--strict`` on the command line, ``GUARDIAN_STRICT=1``, or ``[tool.guardian.workflow] strict = true``.

    Raises:
        ConfigError: ``strict`` is not a boolean.
    """
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().meta.get(STRICT_META):
        return True
    if os.environ.get("GUARDIAN_STRICT", "").lower() in ("1", "true", "yes"):
        return True
    value = app.config.extra_table("workflow").get("strict", False)
    if not isinstance(value, bool):
        raise ConfigError(
            app.config.source or "pyproject.toml",
            "workflow.strict",
            f"expected true or false, got {value!r}",
            hint="strict = true",
        )
    return value


def current_plan_or_none(app: Any) -> Plan | None:
    """The saved plan, or None when there is none (or it is unreadable: the gates then say so)."""
    path = app.repo / PLAN_PATH
    if not path.is_file():
        return None
    try:
        return load_plan(path, shown=PLAN_PATH)
    except PlannerError:
        return None


def snapshot(app: Any, plan: Plan | None = None) -> Snapshot:
    """The workflow's state for ``app``'s repository (the saved plan unless one is given)."""
    return take_snapshot(app.repo, app.config, app.tracker, plan if plan is not None else current_plan_or_none(app))


def closed_gates_warning(closed: list[Gate]) -> str:
    """One short line for every closed gate together (the reasons are ``guardian gate``'s to give)."""
    if len(closed) == 1:
        gate = closed[0]
        reason = gate.reasons[0] if len(gate.reasons) == 1 and len(gate.reasons[0]) <= 80 else None
        return f"gate {gate.source}->{gate.target} ({gate.title}) is closed" + (
            f": {reason}" if reason else f" (`guardian gate {gate.source}` says why)"
        )
    return f"gates {', '.join(f'{g.source}->{g.target}' for g in closed)} are closed (`guardian gate` says why)"


def enter_phase(app: Any, phase: int, command: str, *, start: bool = True, plan: Plan | None = None) -> list[Gate]:
    """Check the gates before ``phase`` and mark it started (unless ``start`` is False: a dry run).

    ``plan``: the saved plan when the caller has loaded it already (read once, not twice).

    Returns:
        The closed earlier gates (each was printed as a warning).

    Raises:
        GateClosed: an earlier gate is closed and the run is strict (nothing was changed).
    """
    closed = [
        g for g in evaluate(snapshot(app, plan)) if isinstance(g.target, int) and g.target <= phase and not g.open
    ]
    if closed and is_strict(app):
        raise GateClosed(closed[0], command)
    if closed:
        app.warn(closed_gates_warning(closed))
    if start:
        app.tracker.start_phase(phase)
    return closed
