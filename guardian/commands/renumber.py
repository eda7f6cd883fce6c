"""``guardian renumber``: plan the explicit batch that brings every ``{index}of{total}`` up to date.

Under the default ``stable`` numbering (docs/numbering.md) a module keeps the number its name
carries and a new one is appended, so adding a module renames nothing else. ``renumber`` plans,
once the team chooses to, what ``numbering = "dense"`` gives: every workflow numbered 1..n in
dependency order with its current total. It writes an ordinary plan (.guardian/plan.json), so the
batches go through review, approval, apply and revert like any other.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from guardian.app import App
from guardian.checkout_scan import scan_jobs_option


@click.command("renumber")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the plan here (it is always saved to .guardian/plan.json).",
)
@scan_jobs_option
@click.pass_context
def renumber_command(ctx: click.Context, output: Path | None, jobs: int | None) -> None:
    """Plan the renames that renumber every workflow densely in dependency order (totals up to date)."""
    from guardian.commands.plan import plan_command

    app: App = ctx.obj
    app.__dict__["config"] = dataclasses.replace(app.config, numbering="dense")  # this invocation only
    ctx.invoke(plan_command, output=output, jobs=jobs)


def register(main: click.Group) -> None:
    main.add_command(renumber_command)
