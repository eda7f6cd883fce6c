"""``guardian retire`` (phase 7): after the stability window, remove the shims and contract the ENUMs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from guardian.app import App
from guardian.errors import Conflict, UsageError
from guardian.workflow.gates import evaluate
from guardian.workflow.guard import enter_phase, snapshot
from guardian.workflow.retirement import plan_retirement, retire, sql_digest
from rollback import SqlExecutor


@contextmanager
def _executor(app: App, needed: bool) -> Iterator[SqlExecutor | None]:
    """Run SQL on the configured database (``[tool.guardian.database] dsn``), opened only when needed."""
    if not needed:
        yield None
        return
    url = app.config.database.dsn
    if not url:
        raise UsageError(
            "retire --run-sql: no [tool.guardian.database] dsn is configured",
            hint="configure the dsn, or drop --run-sql to write the contract SQL files instead",
        )
    from codemods.enum_sql.runner import script_runner

    with script_runner(url, "contract SQL") as execute:
        yield execute


@click.command("retire")
@click.option(
    "--run-sql",
    is_flag=True,
    help="Run the contract SQL on the configured database (journaled with its "
    "down SQL) instead of writing it into --sql-dir.",
)
@click.option("--sql-dir", default="db/contract", show_default=True, help="Where the contract SQL files are written.")
@click.option("--dry-run", is_flag=True, help="Say what would be removed and written; change nothing.")
@click.pass_obj
def retire_command(app: App, run_sql: bool, sql_dir: str, dry_run: bool) -> None:
    """Phase 7: after the stability window, remove the compatibility shims and contract the ENUM migration."""
    if sql_dir.startswith("/") or ".." in sql_dir.split("/"):
        raise UsageError(f"--sql-dir {sql_dir}: must be a path inside the repository", hint="--sql-dir db/contract")
    enter_phase(app, 7, "retire", start=not dry_run)
    [stability] = evaluate(snapshot(app), 7)
    planned = plan_retirement(app.config)
    if dry_run:
        data = planned.to_json() | {"dry_run": True, "stability": stability.to_json()}
        app.emit(data, lambda: _print(planned.to_json(), dry_run=True, waiting=stability.reasons))
        return
    if not stability.open:
        raise Conflict(
            "retire: the stability window is not over: " + "; ".join(stability.reasons),
            hint="wait, or shorten [tool.guardian.retirement] stability_days / stability_seconds",
        )
    with _executor(app, run_sql and bool(planned.contract)) as executor:
        done = retire(app.repo, app.config, planned, sql_dir=sql_dir, run_sql=run_sql, executor=executor, warn=app.warn)
    tracker = app.tracker
    for batch in done.batches:
        shims = sorted({p for p, _ in (*done.shims, *done.bindings, *done.tables)} | set(done.ignores))
        files = shims if batch.startswith("retire-shims") else list(done.sql_files)
        tracker.record_batch(batch, "applied", files, kind=batch.rsplit("-", 1)[0], command="retire")
    if done.contract:
        digest = sql_digest(done.contract)
        for group in done.groups:
            tracker.record_enum_migration(
                str(group.get("canonical")),
                [str(m) for m in group.get("merge", [])],
                "contract",
                "applied" if done.sql_mode == "ran" else "written",
                digest,
                ", ".join(s.stem for s in done.contract),
                command="retire",
            )
    bound = f" and {len(done.bindings)} binding(s)" if done.bindings else ""
    summary = f"{len(done.shims)} shim(s){bound} removed; contract SQL {done.sql_mode}" + (
        f" ({len(done.contract)} step(s))" if done.contract else ""
    )
    tracker.record_retirement(summary, done.to_json())
    app.emit(done.to_json(), lambda: _print(done.to_json(), dry_run=False, waiting=()))


def _print(data: dict[str, Any], *, dry_run: bool, waiting: tuple[str, ...] | list[str]) -> None:
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {len(data['shims_removed'])} compatibility shim(s)")
    for shim in data["shims_removed"]:
        click.echo(f"  {shim['path']} -> {shim['target']}")
    if data["shims_removed"]:  # an editable install's entry_points.txt, outside the checkout, names old paths
        click.echo(
            ("before retiring, reinstall" if dry_run else "reinstall, if not done before,")
            + " the package (pip install -e .) in every environment that has it installed: an installed"
            " copy's entry points name the old module paths until then"
        )
    if data["bindings_removed"]:
        click.echo(f"{verb} {len(data['bindings_removed'])} compatibility binding(s) of old submodule names")
    for binding in data["bindings_removed"]:
        click.echo(f"  {binding['path']}: {binding['name']}")
    for table in data["table_names_removed"]:
        click.echo(f"  {table['path']}: old name {table['name']} taken out of its lazy tables")
    for path in data["collect_ignore_removed"]:
        click.echo(f"{verb} the collect_ignore line of the shims in {path}")
    contract = data["contract"]
    if contract["steps"]:
        what = {"ran": "ran on the database", "written": "written", "none": "to write or run"}[contract["mode"]]
        click.echo(f"contract SQL {what}: {', '.join(contract['steps'])}")
        for path in contract["files"]:
            click.echo(f"  {path}")
    else:
        click.echo("no ENUM contract SQL")
    if data.get("batches"):
        click.echo(f"journal batches: {', '.join(data['batches'])} (`guardian revert BATCH` undoes one)")
    for reason in waiting:
        click.echo(f"not yet: {reason}")
    if not dry_run:
        click.echo("phase 7 (Retirement) complete")


def register(main: click.Group) -> None:
    main.add_command(retire_command)
