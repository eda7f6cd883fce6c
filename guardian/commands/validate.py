"""``guardian validate`` (phase 6): compile, import, test, naming, leftovers, performance; exit 3 on failure."""

from __future__ import annotations

import click

from guardian.app import App, table
from guardian.checkout_scan import scan
from guardian.code_database import validate_check
from guardian.errors import Conflict
from guardian.validate import run_checks
from guardian.workflow.guard import current_plan_or_none, enter_phase, snapshot
from guardian.workflow.history import renamed_modules


@click.command("validate")
@click.pass_obj
def validate_command(app: App) -> None:
    """Phase 6: compile and import every module, run the tests, check names and performance."""
    enter_phase(app, 6, "validate")
    renamed = renamed_modules(app.repo)
    if renamed is None:  # no journal: the tracker's view of which planned batches are applied
        plan = current_plan_or_none(app)
        states = snapshot(app, plan).batch_status
        renamed = {
            r.old_module: r.new_module
            for b in (plan.batches if plan else ())
            if states.get(str(b.id)) == "applied"
            for r in b.renames
        }
    baseline = app.tracker.latest_run("baseline")
    scanned = scan(app)
    checks = run_checks(app.config, scanned, renamed, baseline[1] if baseline else None)
    code_database = validate_check(app, scanned.facts)  # no finding new since the assessment (planner.dbcheck)
    if code_database is not None:
        checks.append(code_database)
    run = app.tracker.record_validation(checks)
    failed = [c.check for c in checks if c.status == "fail"]
    data = {
        "run": run,
        "passed": not failed,
        "checks": [
            {
                "check": c.check,
                "status": c.status,
                "detail": c.detail,
                "duration": c.duration,
                "metrics": dict(c.metrics),
            }
            for c in checks
        ],
    }
    app.emit(
        data,
        lambda: click.echo(
            table(
                ("check", "result", "seconds", "detail"),
                [(c.check, c.status.upper(), c.duration, c.detail) for c in checks],
            )
        ),
    )
    if failed:
        raise Conflict(
            f"validation failed: {', '.join(failed)} (recorded as run {run})",
            hint="fix the failures above, or revert the last batch with `guardian revert --last`",
        )


def register(main: click.Group) -> None:
    main.add_command(validate_command)
