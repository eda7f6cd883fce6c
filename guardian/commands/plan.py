"""``guardian plan`` (phase 2): the rename plan in batches, with each batch's global impact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from guardian.app import App, table
from guardian.checkout_scan import scan, scan_jobs_option
from guardian.errors import Conflict
from guardian.render import bullets, printable
from planner.build_plan import build_plan
from planner.convention import audit
from planner.conventions import FOUND_BY_NAME
from planner.graph import RepoScan
from planner.plan import PLAN_PATH, Plan
from planner.reference_kinds import reference_action
from rollback.output_file import write_output


def _enum_plan(app: App) -> list[dict[str, Any]]:
    database = app.config.database
    if not (database.schema or database.dsn):
        return []
    from planner.database import consolidation_plan  # loads the SQL layer only when a database is configured

    return list(consolidation_plan(app.config))


#: Kept modules of each kind, hazards and follow-ups listed by ``guardian plan`` (plan.json lists them all).
KEPT_SHOWN = 5


def _kept(title: str, rows: list[str], key: str = "kept") -> None:
    shown = rows[:KEPT_SHOWN]
    more = len(rows) - len(shown)
    click.echo("\n" + printable(title))
    click.echo(bullets([*shown, *([f"and {more} more ({PLAN_PATH}: {key})"] if more > 0 else [])]))


def _short(text: str, width: int = 100) -> str:
    """One line of at most ``width`` characters (a hazard's detail can quote a long expression)."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 3] + "..."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}es" if noun.endswith("ch") else f"{n} {noun}s"


def _nothing_to_rename(app: App, scanned: RepoScan) -> str:
    """Why a plan without conflicts renames nothing: no module found, or every one exempt, kept or compliant (a
    namespace package's root or a flat layout's top-level modules left out by ``guardian init``, say)."""
    roots = ", ".join(app.config.source_roots)
    total = len(scanned.modules)
    if not total:
        return f"No Python module found under the source roots ({roots}): check source_roots in guardian.toml"
    placed = audit(app.config, scanned)
    return (
        f"Nothing to rename: {_count(total, 'module')} under the source roots ({roots}), "
        f"{total - placed.modules} exempt (guardian.toml's exempt) or kept (listed below), "
        f"{placed.compliant} already named by the pattern"
    )


def _print(plan: Plan, saved: list[str], nothing: str | None = None) -> None:
    renames = plan.renames
    click.echo(
        f"{_count(len(renames), 'rename')} in {_count(len(plan.batches), 'batch')}"
        + (f"; saved to {', '.join(saved)}" if saved else "")
    )
    if nothing is not None:
        click.echo(printable(nothing))
    for batch in plan.batches:
        risks = sorted({risk for r in batch.renames for risk in r.risks})
        click.echo("")
        click.echo(
            bullets(
                [
                    f"Batch {batch.id}: {_count(len(batch.renames), 'rename')}, "
                    f"{_count(len(batch.impact_files), 'file')} impacted"
                    + (f"; risks: {', '.join(risks)}" if risks else "")
                ],
                indent="",
            )
        )
        click.echo(
            table(
                ("old", "new", "importers", "refs", "risks"),
                [
                    (r.old, r.new.rpartition("/")[2], len(r.importers), len(r.references), ", ".join(r.risks))
                    for r in batch.renames
                ],
            )
        )
    # modules no exempt glob lists that keep their names all the same: pytest's test modules, then the
    # modules another tool finds by name (planner/conventions.py), each with its tool
    tests = [k for k in plan.kept if not k.reason.startswith(FOUND_BY_NAME)]
    if tests:
        _kept(f"Kept: {_count(len(tests), 'test module')}, {tests[0].reason}", [k.path for k in tests])
    found = [k for k in plan.kept if k.reason.startswith(FOUND_BY_NAME)]
    if found:
        shown = [f"{k.path}: {k.reason.removeprefix(FOUND_BY_NAME)}" for k in found]
        _kept(f"Kept: {_count(len(found), 'module')} their tools find by name", shown)
    # what the plan leaves to a person: hazards (a read or an import Guardian cannot attribute) and follow-ups
    if plan.hazards:
        kinds = sorted({h.kind for h in plan.hazards})
        _kept(
            f"Hazards: {len(plan.hazards)} ({', '.join(kinds)})",
            [f"{h.path}:{h.line}: [{h.kind}] {_short(h.detail)}" for h in plan.hazards],
            key="hazards",
        )
    follow_ups = [
        ref
        for b in plan.batches
        for r in b.renames
        for ref in r.references
        if reference_action(ref.kind) == "follow-up"
    ]
    if follow_ups:
        _kept(
            f"Follow-ups: {_count(len(follow_ups), 'reference')} for a person",
            [f"{ref.path}:{ref.line}: [{ref.kind}] {_short(ref.text)}" for ref in follow_ups],
            key='references, "action": "follow-up"',
        )
    left = [
        ref for b in plan.batches for r in b.renames for ref in r.references if reference_action(ref.kind) == "keep"
    ]
    if left:  # ``salt="pkg.tokens"``, ``url_for("auth.login")``: what a rewrite would break, left as it is
        _kept(
            f"Left as written: {_count(len(left), 'reference')}, names no rename changes (data, keys, endpoints)",
            [f"{ref.path}:{ref.line}: [{ref.kind}] {_short(ref.text)}" for ref in left],
            key='references, "action": "keep"',
        )
    if plan.enums:
        click.echo(f"\nENUM consolidation: {len(plan.enums)} groups")
        for group in plan.enums:
            click.echo(printable(f"  {group.get('canonical')} <- {', '.join(map(str, group.get('merge', [])))}"))
    if plan.conflicts:
        click.echo(f"\nConflicts: {len(plan.conflicts)}", err=True)
        for conflict in plan.conflicts:
            click.echo(f"  [{conflict.kind}] {conflict.old} -> {conflict.new or '?'}: {conflict.detail}", err=True)


@click.command("plan")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Also write the plan here (it is always saved to {PLAN_PATH}).",
)
@scan_jobs_option
@click.pass_obj
def plan_command(app: App, output: Path | None, jobs: int | None) -> None:
    """Phase 2: plan every rename in batches with its global impact; exit 3 on conflicts."""
    from guardian.workflow.guard import enter_phase

    enter_phase(app, 2, "plan")  # warns (or refuses under --strict) while gate 1->2 is closed
    from codemods.journal_port import RollbackJournal

    applied = RollbackJournal(app.repo).applied_batches()  # ids already used by applied batches
    scanned = scan(app, jobs)
    from guardian.findings_cache import JsonFindingsCache

    findings = JsonFindingsCache(app.repo)  # what find_dynamic found in each file, kept by the last plan
    plan = build_plan(
        app.config, scanned, enums=_enum_plan(app), first_batch=max(applied, default=0) + 1, findings=findings
    )
    findings.save()
    from guardian.stale import stamped  # plan.json records its inputs: apply refuses it once they change

    text = stamped(
        plan,
        app.config,
        [m.path for m in scanned.modules.values() if not ((f := scanned.facts.get(m.path)) is not None and f.shim)],
    )
    saved = []
    write_output(app.repo, app.repo / PLAN_PATH, text.encode("utf-8"))
    saved.append(PLAN_PATH)
    if output is not None:
        write_output(app.repo, output if output.is_absolute() else Path.cwd() / output, text.encode("utf-8"))
        saved.append(str(output))
    tracker = getattr(app, "tracker", None)
    if tracker is not None and hasattr(tracker, "record_plan"):
        tracker.record_plan(plan.to_json())
    if app.json_output:
        click.echo(text, nl=False)
    else:
        _print(plan, saved, None if plan.renames or plan.conflicts else _nothing_to_rename(app, scanned))
    if plan.conflicts:
        raise Conflict(
            f"the plan has {len(plan.conflicts)} conflict(s); nothing can be applied until they are resolved",
            hint="rename or remove the files named above, or change the pattern, then re-run `guardian plan`",
        )


def register(main: click.Group) -> None:
    main.add_command(plan_command)
