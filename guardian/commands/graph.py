"""``guardian graph``: the import graph for other tools (Graphviz DOT, Mermaid, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from guardian.app import App
from guardian.checkout_scan import scan, scan_jobs_option
from planner.convention import audit
from planner.errors import PlannerError
from planner.graph_export import GraphData, PlannedRename, export, to_dot, to_mermaid
from planner.plan import PLAN_PATH, Plan
from planner.plan_file import load_plan


def saved_plan(app: App) -> Plan | None:
    """The plan ``guardian plan`` saved, or None when there is none (or it cannot be read)."""
    path = app.repo / PLAN_PATH
    if not path.is_file():
        return None
    try:
        return load_plan(path, shown=PLAN_PATH)
    except PlannerError as exc:
        app.warn(f"{exc}; the graph is drawn without batches")
        return None


def planned_renames(plan: Plan | None) -> dict[str, PlannedRename]:
    """The plan's renames by old and by new module name (a migrated node keeps its batch colour)."""
    found: dict[str, PlannedRename] = {}
    for batch in plan.batches if plan is not None else ():
        for rename in batch.renames:
            planned = PlannedRename(batch.id, rename.old_module, rename.new_module, rename.risks)
            found[rename.old_module] = planned
            found.setdefault(rename.new_module, planned)
    return found


def graph_data(app: App, jobs: int | None = None) -> tuple[GraphData, Plan | None]:
    scanned = scan(app, jobs)
    plan = saved_plan(app)
    return export(scanned, audit(app.config, scanned), planned_renames(plan)), plan


def _emit(app: App, text: str, output: Path | None) -> None:
    """The graph on stdout, or written to ``output`` through the door."""
    if output is None:
        click.echo(text, nl=False)
        return
    target = output if output.is_absolute() else Path.cwd() / output
    from rollback.output_file import write_output

    write_output(app.repo, target, text.encode("utf-8"))
    app.info(f"wrote {output}")


@click.command("graph")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dot", "mermaid", "json"]),
    default="dot",
    show_default=True,
    help="Graphviz DOT, a Mermaid flowchart, or the plain data as JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
@scan_jobs_option
@click.pass_obj
def graph_command(app: App, fmt: str, output: Path | None, jobs: int | None) -> None:
    """The import graph: modules grouped by workflow, batches coloured, layer violations and cycles marked."""
    data, _plan = graph_data(app, jobs)
    if app.json_output and fmt == "dot":
        fmt = "json"
    text = {"dot": to_dot, "mermaid": to_mermaid}.get(fmt, lambda d: json.dumps(d.to_json(), indent=2) + "\n")(data)
    _emit(app, text, output)


def register(main: click.Group) -> None:
    main.add_command(graph_command)
