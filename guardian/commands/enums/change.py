"""``guardian enums apply|revert|refs`` (phase 4): the ENUM sub-commands that change something, each
a journaled batch: a SQL step on the database, or the code's references to duplicate enum classes.

``sql``, ``review`` and ``verify``, which generate and prove, are in
``guardian/commands/enums/generate.py``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import click

from codemods.enum_sql.runner import script_runner
from guardian.app import App
from guardian.commands.enums.generate import plans_and_schema, record, steps_for
from guardian.errors import Conflict, UsageError


def _dsn(app: App, dsn: str | None) -> str:
    url = dsn or app.config.database.dsn
    if not url:
        raise UsageError(
            "no database: pass --dsn URL or set [tool.guardian.database] dsn",
            hint="e.g. --dsn postgresql://postgres@127.0.0.1:5432/shop",
        )
    return url


@click.command("apply")
@click.argument("step")
@click.option("--dsn", default=None, help="The database to change (default: [tool.guardian.database] dsn).")
@click.option("--batch-size", type=click.IntRange(1, 10_000_000), default=5000, show_default=True)
@click.pass_obj
def apply(app: App, step: str, dsn: str | None, batch_size: int) -> None:
    """Apply one step (number or name, e.g. 1 or expand_order_status) as a journaled batch.

    The steps are generated from the configured schema files (or, without them, from the database
    before any step ran); revert with `guardian enums revert BATCH` or `guardian revert BATCH`.
    """
    from planner.schema.connect import parse_dsn
    from rollback import Journal, SqlChange

    url = _dsn(app, dsn)
    plans, steps = steps_for(app, parse_dsn(url).dialect, None if app.config.database.schema else url, batch_size)
    chosen = next((s for s in steps if step in (str(s.number), s.name, s.stem)), None)
    if chosen is None:
        raise UsageError(
            f"no ENUM step {step!r}",
            hint="steps: " + ", ".join(f"{s.number} ({s.name})" for s in steps)
            if steps
            else "there are no duplicate ENUM types",
        )
    batch_id = f"enum-{chosen.stem}".replace("_", "-")
    with script_runner(url, "journal SQL") as execute:
        manifest = Journal(app.repo, warn=app.warn).apply(
            batch_id,
            operations=[],
            kind="enum",
            description=f"ENUM step {chosen.stem}",
            sql=SqlChange(up=chosen.up, down=chosen.down, dsn_label=parse_dsn(url).label),
            executor=execute,
            meta={"step": chosen.stem, "dialect": chosen.dialect},
        )
    plan = next((p for p in plans if chosen.name.endswith(p.canonical.display.lower())), plans[0] if plans else None)
    if plan is not None:
        record(
            app,
            "record_enum_migration",
            plan.canonical.display,
            [m.source for m in plan.members],
            chosen.name.split("_", 1)[0],
            "applied",
            hashlib.sha256(chosen.up.encode()).hexdigest(),
            batch_id,
        )
    app.emit(
        {"batch": batch_id, "step": chosen.stem, "status": manifest.status, "dsn": parse_dsn(url).label},
        lambda: click.echo(f"Applied {chosen.stem} to {parse_dsn(url).label} as journaled batch {batch_id}"),
    )


@click.command("revert")
@click.argument("batch")
@click.option("--dsn", default=None, help="The database (default: [tool.guardian.database] dsn).")
@click.pass_obj
def revert(app: App, batch: str, dsn: str | None) -> None:
    """Revert a journaled ENUM step: runs its down.sql on the database."""
    from rollback import Journal

    url = _dsn(app, dsn)
    with script_runner(url, "journal SQL") as execute:
        manifest = Journal(app.repo, warn=app.warn).revert(batch, executor=execute)
    step = str(manifest.meta.get("step", batch)) if hasattr(manifest, "meta") and manifest.meta else batch
    record(app, "record_enum_migration", step, [], step.split("_", 1)[0], "reverted", None, batch)
    app.emit(
        {"batch": batch, "status": manifest.status},
        lambda: click.echo(f"Reverted {batch}: its down.sql ran on the database"),
    )


@click.command("refs")
@click.option("--dry-run", is_flag=True, help="Show the diff; write nothing.")
@click.option("--batch", "batch_id", default="enum-refs", show_default=True, help="Journal batch id.")
@click.pass_obj
def refs(app: App, dry_run: bool, batch_id: str) -> None:
    """Rewrite Python references from duplicate enum classes to the canonical class (journaled batch)."""
    import difflib

    from codemods.enum_class_maps import class_maps
    from codemods.enum_refs import apply_enum_refs, plan_enum_refs

    plans, schema = plans_and_schema(app, None)
    maps = class_maps(app.config, schema, plans)
    refused = [r for m in maps for r in m.refusals]
    if refused:  # a merge that changes what the program does is not a refactoring: nothing is written
        app.emit(
            {
                "maps": [{"old": m.old, "new": m.new, "refused": list(m.refusals)} for m in maps],
                "refused": refused,
                "files": [],
                "dry_run": dry_run,
                "batch": None,
            },
            lambda: click.echo("\n".join(f"refused: {r}" for r in refused)),
        )
        raise Conflict(
            f"enums refs: {sum(bool(m.refusals) for m in maps)} enum class merge(s) would change "
            f"behaviour ({len(refused)} construct(s) listed above); nothing written",
            hint="make each duplicate class match the canonical one first (same base, same values "
            "and members), then run it again",
        )
    changes, results = plan_enum_refs(app.config, maps)
    warnings = [w for r in results for w in r.warnings]
    data: dict[str, Any] = {
        "maps": [{"old": m.old, "new": m.new, "members": dict(m.members), "refused": []} for m in maps],
        "refused": [],
        "files": [c[0] for c in changes],
        "warnings": warnings,
        "dry_run": dry_run,
        "batch": None if dry_run or not changes else batch_id,
    }
    if changes and not dry_run:
        apply_enum_refs(app.repo, changes, batch_id, warn=app.warn)

    def human() -> None:
        for path, old, new in changes if dry_run else ():
            click.echo(
                "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
            )
        for m in maps:
            click.echo(f"{m.old} -> {m.new}")
        click.echo(
            f"{len(changes)} file(s) {'would change' if dry_run else 'changed'}"
            + ("" if dry_run or not changes else f" in journaled batch {batch_id} (`guardian revert {batch_id}`)")
        )
        for warning in warnings:
            app.warn(warning)

    app.emit(data, human)
