"""``guardian enums sql|review|verify`` (phase 4): generate the ENUM consolidation SQL, review it, and
prove it up, down, up on a scratch copy of the database. The helpers shared with
``guardian/commands/enums/change.py`` live here too."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import click

from guardian.app import App, table
from guardian.errors import UsageError
from guardian.render import on_terminal, printable


def plans_and_schema(app: App, dsn: str | None) -> tuple[list[Any], Any]:
    from planner.database import load_schema
    from planner.enums_plan import plan_consolidations

    schema = load_schema(app.config, dsn=dsn)
    return plan_consolidations(app.config, schema), schema


def steps_for(app: App, dialect: str | None, dsn: str | None, batch_size: int) -> tuple[list[Any], list[Any]]:
    from codemods.enum_sql import generate

    plans, schema = plans_and_schema(app, dsn)
    return plans, generate(plans, schema, dialect or schema.dialect, batch_size=batch_size)


def _digest(steps: list[Any]) -> str:
    h = hashlib.sha256()
    for step in steps:
        h.update(step.stem.encode() + b"\0" + step.up.encode() + b"\0" + step.down.encode() + b"\0")
    return h.hexdigest()


def record(app: App, method: str, *args: Any, **kwargs: Any) -> None:
    """Record in the tracking database; a tracking problem is a warning, never the command's failure."""
    try:
        getattr(app.tracker, method)(*args, **kwargs)
    except Exception as exc:  # the tracking database is bookkeeping: report, continue
        app.warn(f"not recorded in the tracking database: {exc}")


@click.command("sql")
@click.option("--dialect", type=str, default=None, help="postgres or mysql (default: the schema's dialect).")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write NNN_<step>.up.sql / .down.sql here (default: print them).",
)
@click.option("--dsn", default=None, help="Plan from this live database instead of the schema files.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000_000),
    default=5000,
    show_default=True,
    help="Rows per backfill transaction.",
)
@click.pass_obj
def sql(app: App, dialect: str | None, output: Path | None, dsn: str | None, batch_size: int) -> None:
    """Write numbered up/down SQL files for each consolidation step."""
    from guardian.workflow.guard import enter_phase

    enter_phase(app, 4, "enums sql")  # warns (refuses under --strict) while an earlier gate is closed

    if dialect == "mariadb":
        dialect = "mysql"
    plans, steps = steps_for(app, dialect, dsn, batch_size)
    written: list[str] = []
    if output is not None:
        target = output if output.is_absolute() else app.repo / output
        written = [_rel(p, app.repo) for p in _write_steps(app.repo, steps, target)]
    digest = _digest(steps)
    if steps:
        record(app, "record_enum_sql", [p.to_json() for p in plans], digest, written)
    warnings = [w for p in plans for w in p.warnings]
    data: dict[str, Any] = {
        "dialect": steps[0].dialect if steps else dialect,
        "digest": digest,
        "files": written,
        "steps": [
            {"number": s.number, "name": s.name, "up": f"{s.stem}.up.sql", "down": f"{s.stem}.down.sql"} for s in steps
        ],
        "warnings": warnings,
    }

    def human() -> None:
        if not steps:
            click.echo("No duplicate ENUM types to consolidate.")
            return
        if output is None:
            for s in steps:
                click.echo(  # labels are the schema's: on a terminal, its escape sequences are shown, not run
                    on_terminal(f"-- ==== {s.stem}.up.sql ====\n{s.up}\n-- ==== {s.stem}.down.sql ====\n{s.down}")
                )
        else:
            click.echo(
                table(("step", "up", "down"), [(s.name, f"{s.stem}.up.sql", f"{s.stem}.down.sql") for s in steps])
            )
            click.echo(f"{len(written)} files in {_rel(target, app.repo)}")
        for warning in warnings:
            app.warn(warning)

    app.emit(data, human)


def _write_steps(repo: Path, steps: Any, directory: Path) -> list[Path]:
    """Each step's ``.up.sql``/``.down.sql`` in ``directory``, through the one door (rollback.door):
    never through a symlinked directory or file name, each file replaced atomically.

    Raises:
        UsageError: a file cannot be written (exit 2).
    """
    from rollback.output_file import write_output

    written = []
    for step in steps:
        for direction, text in (("up", step.up), ("down", step.down)):
            path = directory / f"{step.stem}.{direction}.sql"
            try:
                write_output(repo, path, text.encode("utf-8"))
            except OSError as exc:
                raise UsageError(
                    f"{directory}: cannot write SQL files: {exc.strerror or exc}", hint="choose another -o DIR"
                ) from None
            written.append(path)
    return written


def _rel(path: Path, repo: Path) -> str:
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return str(path)


@click.command("review")
@click.option("--dsn", default=None, help="Review against this live database instead of the schema files.")
@click.pass_obj
def review(app: App, dsn: str | None) -> None:
    """What each consolidation changes beyond the column: canonical choice with its figures, trigger handling, column order."""
    from planner.dbcheck import check_code
    from planner.enums_plan import trigger_mechanism

    plans, schema = plans_and_schema(app, dsn)
    # the code that depends on column position (issue 16's checker): what a moved column breaks
    positional = [
        f for f in check_code(app.config, schema).findings if f.kind in ("positional-insert", "positional-select")
    ]
    items: list[dict[str, Any]] = []
    for plan in plans:
        tables: dict[str, Any] = {}
        for col in plan.columns:
            table = schema.table(f"{col.schema}.{col.table}" if col.schema else col.table)
            if table is None:
                continue
            entry = tables.setdefault(
                table.key,
                {
                    "table": table.key,
                    "rows": schema.rows(table.key),
                    "columns": [],
                    "column_order": [],
                    "views": [],
                    "indexes": [],
                    "checks": [],
                },
            )
            mechanism, why = trigger_mechanism(schema, table)
            entry["triggers"] = {
                "names": [t.name for t in schema.triggers_on(table)],
                "mechanism": mechanism,
                "why": why,
            }
            entry["columns"].append(col.column)
            position = next(c.position for c in table.columns if c.name == col.column)
            if schema.dialect == "postgres" and position < len(table.columns) and not entry["column_order"]:
                entry["positional_code"] = [
                    f"{f.path}:{f.line}: {f.kind}: {f.excerpt}"
                    for f in positional
                    if table.name in {part.strip().rsplit(".", 1)[-1] for part in f.subject.split(",")}
                ]
            if schema.dialect == "postgres" and position < len(table.columns):
                entry["column_order"].append(
                    f"{col.column} moves from position {position} to {len(table.columns)} (the end) after up, and "
                    "stays there after down (PostgreSQL cannot put a column back): code that INSERTs without a "
                    "column list or reads SELECT * by position breaks"
                )
            direct = schema.views_on(table, col.column)
            entry["views"] += [v.key for v in direct + schema.views_over(direct) if v.key not in entry["views"]]
            entry["indexes"] += [i.name for i in schema.indexes_on(table, col.column) if i.name not in entry["indexes"]]
            entry["checks"] += [c.name for c in schema.checks_on(table, col.column) if c.name not in entry["checks"]]
        items.append(
            {
                "canonical": plan.canonical.display,
                "merge": [m.source for m in plan.members],
                "why": plan.why,
                "tables": list(tables.values()),
                "warnings": list(plan.warnings),
            }
        )

    def human() -> None:
        if not items:
            click.echo("No duplicate ENUM types to consolidate.")
        for item in items:
            click.echo(printable(f"{item['canonical']} <- {', '.join(item['merge'])}"))
            click.echo(f"  why: {item['why']}")
            for t in item["tables"]:
                rows = "rows unknown" if t["rows"] is None else f"~{t['rows']} rows"
                click.echo(f"  {t['table']} ({rows}): {', '.join(t['columns'])}")
                click.echo(f"    user triggers: {t['triggers']['mechanism']}: {t['triggers']['why']}")
                for line in t["column_order"]:
                    click.echo(f"    column order: {line}")
                for line in t.get("positional_code", []):
                    click.echo(f"    code depending on column position: {line}")
                for kind in ("views", "indexes", "checks"):
                    if t[kind]:
                        click.echo(f"    rebuilt {kind}: {', '.join(t[kind])}")
            for warning in item["warnings"]:
                click.echo(f"  warning: {warning}")

    app.emit({"consolidations": items}, human)


@click.command("verify")
@click.option("--dsn", required=True, help="The database to copy (never modified): postgresql://... or mysql://...")
@click.option("--keep", is_flag=True, help="Keep the scratch database for inspection.")
@click.option("--batch-size", type=click.IntRange(1, 10_000_000), default=5000, show_default=True)
@click.pass_obj
def verify(app: App, dsn: str, keep: bool, batch_size: int) -> None:
    """Run up, down, up on a scratch copy and compare data and schema; exit 3 on any difference."""
    from codemods.enum_sql import generate
    from codemods.enum_sql.round_trip import VerifyFailed, verify_steps
    from guardian.workflow.guard import enter_phase
    from planner.database import introspect
    from planner.enums_plan import plan_consolidations
    from planner.schema.connect import parse_dsn

    enter_phase(app, 4, "enums verify")
    parsed = parse_dsn(dsn)
    schema = introspect(dsn)
    plans = plan_consolidations(app.config, schema)
    steps = generate(plans, schema, parsed.dialect, batch_size=batch_size)
    if app.config.database.schema and _digest(steps) != _last_generated(app):
        # `enums sql` without --dsn planned from the schema files (as `enums apply` does): when that is
        # the SQL last generated, prove that SQL on the copy of this database, so gate 4 can open
        file_plans, file_steps = steps_for(app, parsed.dialect, None, batch_size)
        if file_steps and _digest(file_steps) == _last_generated(app):
            plans, steps = file_plans, file_steps
            app.debug("guardian: verifying the SQL generated from the schema files (the SQL last generated)")
    if not steps:
        app.emit(
            {"ok": True, "steps": 0, "tables": []}, lambda: click.echo("No duplicate ENUM types: nothing to verify.")
        )
        return
    report = verify_steps(parsed, steps, keep=keep)
    detail = f"{len(report.tables)} tables, {report.steps} steps: " + (
        "identical after up/down/up"
        if report.ok
        else f"{len(report.schema_differences)} schema and {sum(not t.ok for t in report.tables)} table difference(s)"
    )
    record(app, "record_enum_verify", _digest(steps), report.ok, detail, [p.to_json() for p in plans])

    def human() -> None:
        click.echo(f"Verified on scratch copy {report.scratch} of {report.source}: {report.steps} steps up, down, up")
        click.echo(
            table(
                ("table", "rows", "original", "after down", "after up", "after re-up", "result"),
                [
                    (
                        t.table,
                        t.rows,
                        t.original[:12],
                        t.after_down[:12],
                        t.after_up[:12],
                        t.after_reup[:12],
                        "ok" if t.ok else "DIFFERENT",
                    )
                    for t in report.tables
                ],
            )
        )
        for difference in report.schema_differences:
            click.echo(f"schema: {difference}")
        for moved in report.column_order:
            click.echo(f"schema (column order, not restorable on PostgreSQL): {moved}")
        click.echo("OK: data and schema identical" if report.ok else "FAILED")

    app.emit(report.to_json(), human)
    if not report.ok:
        raise VerifyFailed(f"verification failed: {detail}", hint="inspect with --keep; fix the mapping or the schema")


def _last_generated(app: App) -> str | None:
    """The digest of the ENUM SQL last generated by `enums sql` (None when never, or unreadable)."""
    try:
        event = app.tracker.latest("enum-sql")
    except Exception:  # bookkeeping: verify then proves the database's own SQL
        return None
    return str(event.payload.get("digest")) if event is not None else None
