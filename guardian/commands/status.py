"""``guardian status``: the phase table, gates, compliance, ENUMs left, batches, approvals, blockers."""

from __future__ import annotations

import click

from guardian.app import App, table
from guardian.workflow.guard import snapshot
from guardian.workflow.report import render_markdown, render_text, status_report


@click.command("status")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: a table to paste into a tracker (--json wins over it).",
)
@click.pass_obj
def status_command(app: App, fmt: str) -> None:
    """The seven phases (lead, status, start, complete), gates and progress of the migration."""
    report = status_report(app.tracker, snapshot(app))
    if fmt == "markdown" and not app.json_output:
        click.echo(render_markdown(report), nl=False)
        return
    app.emit(report, lambda: click.echo(render_text(report, table)))


def register(main: click.Group) -> None:
    main.add_command(status_command)
