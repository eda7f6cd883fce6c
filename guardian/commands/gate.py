"""``guardian gate [PHASE]``: check the review gate(s); exit 0 when open, 3 when closed, with reasons."""

from __future__ import annotations

import click

from guardian.app import App
from guardian.errors import Conflict, UsageError
from guardian.workflow.gates import evaluate
from guardian.workflow.guard import snapshot
from guardian.workflow.phases import PHASES, phase_number


@click.command("gate")
@click.argument("phase", required=False)
@click.pass_obj
def gate_command(app: App, phase: str | None) -> None:
    """Check the gate leaving PHASE (1-7 or a name such as "review"); without PHASE, every gate."""
    number = None
    if phase is not None:
        number = phase_number(phase)
        if number is None:
            names = ", ".join(f"{p.number} {p.name}" for p in PHASES)
            raise UsageError(f"gate: unknown phase {phase!r}", hint=f"phases: {names}")
    gates = evaluate(snapshot(app), number)
    app.tracker.record_event(
        "gate",
        "gate",
        "; ".join(f"{g.source}->{g.target} {'open' if g.open else 'closed'}" for g in gates),
        [g.to_json() for g in gates],
    )

    def show() -> None:
        for g in gates:
            click.echo(f"gate {g.source} -> {g.target} ({g.title}): {'open' if g.open else 'CLOSED'}")
            for reason in g.reasons:
                click.echo(f"  - {reason}")

    app.emit({"gates": [g.to_json() for g in gates], "open": all(g.open for g in gates)}, show)
    closed = [g for g in gates if not g.open]
    if closed:
        raise Conflict(
            f"{len(closed)} gate(s) closed: " + ", ".join(f"{g.source}->{g.target} ({g.title})" for g in closed),
            hint="the reasons above say what to run next",
        )


def register(main: click.Group) -> None:
    main.add_command(gate_command)
