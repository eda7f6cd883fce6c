"""``guardian report --html FILE``: one self-contained HTML page of the migration (guardian/report_html.py)."""

from __future__ import annotations

from pathlib import Path

import click

from guardian.app import App
from guardian.checkout_scan import scan_jobs_option
from guardian.errors import UsageError
from guardian.report_html import render
from planner.convention import audit


@click.command("report")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Write the page here (one file: every script and style inline, nothing fetched).",
)
@scan_jobs_option
@click.pass_obj
def report_command(app: App, html_file: Path, jobs: int | None) -> None:
    """The import graph by workflow and layer, the batches, the ENUM plan and the phases, as one HTML page."""
    from guardian.checkout_scan import scan
    from guardian.commands.graph import planned_renames, saved_plan
    from guardian.workflow.guard import snapshot
    from guardian.workflow.report import status_report
    from planner.graph_export import export
    from rollback.output_file import write_output

    target = html_file if html_file.is_absolute() else Path.cwd() / html_file
    if target.is_dir():
        raise UsageError(f"--html {html_file}: is a directory", hint="give a file name, e.g. report.html")
    scanned = scan(app, jobs)
    audited = audit(app.config, scanned)
    plan = saved_plan(app)
    graph = export(scanned, audited, planned_renames(plan))
    snap = snapshot(app, plan)
    status = status_report(app.tracker, snap)
    title = f"Guardian report: {app.repo.name}"
    text = render(title, graph, plan, status, audited.to_json(), dict(snap.batch_status))
    write_output(app.repo, target, text.encode("utf-8"))
    app.emit(
        {"html": str(html_file), "modules": len(graph.nodes), "edges": len(graph.edges)},
        lambda: app.info(f"wrote {html_file} ({len(graph.nodes)} modules, {len(graph.edges)} imports)"),
    )


def register(main: click.Group) -> None:
    main.add_command(report_command)
