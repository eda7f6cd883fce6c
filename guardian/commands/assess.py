"""``guardian assess`` (phase 1): the import graph, naming compliance and database reality."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from guardian.app import App, table
from guardian.checkout_scan import scan, scan_jobs_option
from guardian.process import layer_done, layer_loaded
from guardian.render import bullets, cut, output_width, printable
from planner.config import Config
from planner.convention import audit
from planner.conventions import FOUND_BY_NAME
from planner.graph import RepoScan
from planner.hazards import find_hazards

if TYPE_CHECKING:
    from planner.dbcheck import Switched


def database_report(
    config: Config, dsn: str | None, switched: Sequence[Switched] = (), scanned: RepoScan | None = None
) -> dict[str, Any] | None:
    """The database part of the assessment, when a schema or a DSN is configured (``scanned``: the
    scan that read the files' SQL already)."""
    if not (config.database.schema or config.database.dsn or dsn):
        return None
    from guardian.dbcheck_cache import JsonResultCache
    from planner.database import assess_database  # the database layer loads drivers: only when needed

    layer_loaded()  # those modules and the scan's facts live until the command ends (guardian/process.py)
    cache = JsonResultCache(config.root)
    report = assess_database(
        config, dsn=dsn, switched=switched, cache=cache, scanned=scanned.facts if scanned is not None else None
    )
    cache.save()
    layer_done()  # SQLGlot and the parse trees are not walked again, at exit either (guardian/process.py)
    return report


def assessment(app: App, result: RepoScan, dsn: str | None = None) -> dict[str, Any]:
    """docs/design.md's ``assess --json`` document."""
    audited = audit(app.config, result)
    modules = sum(1 for _, d in result.graph.nodes(data=True) if d.get("kind") == "module")
    dynamic = [r.to_json() for r in result.references]
    report: dict[str, Any] = {
        "compliance": audited.to_json(),
        "graph": {"modules": modules, "scripts": len(result.scripts), "edges": result.graph.number_of_edges()},
        "layers": [
            {
                "module": p.module,
                "path": p.path,
                "workflow": p.workflow,
                "layer": p.layer,
                "layer_source": p.layer_source,
                "index": p.index,
                "total": p.total,
            }
            for p in sorted(audited.assignment.placements.values(), key=lambda p: p.path)
        ],
        "layer_violations": [v.to_json() for v in audited.assignment.violations],
        "cycles": result.cycles(),
        "references": dynamic,
        "unresolved_imports": [u.to_json() for u in result.unresolved],
        "hazards": [h.to_json() for h in find_hazards(result)],
        "syntax_errors": [s.to_json() for s in result.syntax_errors],
    }
    from guardian.code_database import switched_groups  # the SQL layer: not loaded by commands that only scan

    database = database_report(app.config, dsn, switched_groups(app.tracker.enum_migrations()), result)
    report["database"] = (
        database
        if database is not None
        else {"configured": False, "enum_types": [], "duplicate_enums": [], "code_drift": [], "code_findings": []}
    )
    return report


#: References listed per kind in the readable report (all of them with -v, and under --json).
SHOWN_REFERENCES = 3


def _print(report: dict[str, Any], pattern: str = "", verbose: bool = False) -> None:
    c = report["compliance"]
    g = report["graph"]
    click.echo(f"Modules: {g['modules']} ({g['scripts']} other Python files), import edges: {g['edges']}")
    click.echo(f"Naming compliance: {c['compliant']}/{c['modules']} = {c['percent']}%")
    if pattern:
        click.echo(f"Pattern: {pattern}")
    tests = [k for k in c.get("kept", ()) if not k["reason"].startswith(FOUND_BY_NAME)]
    if tests:
        click.echo(f"Kept by name: {len(tests)} test modules, {tests[0]['reason']}")
    found = [k for k in c.get("kept", ()) if k["reason"].startswith(FOUND_BY_NAME)]
    if found:  # modules another tool finds by name (planner/conventions.py), each with its tool
        click.echo(f"Kept by name: {len(found)} modules their tools find by name")
        click.echo(bullets([printable(f"{k['module']}: {k['reason'].removeprefix(FOUND_BY_NAME)}") for k in found]))
    if c["noncompliant"]:
        # the pattern is said once above, and a reason shared by every row once below, not in every row
        reasons = {n["reason"].replace(f" {pattern}", "") if pattern else n["reason"] for n in c["noncompliant"]}
        if len(reasons) == 1:
            click.echo(
                table(
                    (f"non-compliant module ({reasons.pop()})", "target"),
                    [(n["path"], n["target"] or "-") for n in c["noncompliant"]],
                )
            )
        else:
            click.echo(
                table(
                    ("non-compliant module", "target", "reason"),
                    [
                        (
                            n["path"],
                            n["target"] or "-",
                            n["reason"].replace(f" {pattern}", "") if pattern else n["reason"],
                        )
                        for n in c["noncompliant"]
                    ],
                )
            )
    sections: tuple[tuple[str, list[Any], Callable[[Any], str]], ...] = (
        (
            "Layer violations",
            report["layer_violations"],
            lambda v: (
                f"{v['path']}:{v['line']}: {v['importer']} (L{v['importer_layer']}) imports "
                f"{v['imported']} (L{v['imported_layer']})"
            ),
        ),
        ("Import cycles", report["cycles"], lambda c: " <-> ".join(c)),
        (
            "Imports of missing modules",
            report["unresolved_imports"],
            lambda u: f"{u['path']}:{u['line']}: {u['target']}",
        ),
        ("Rename hazards", report["hazards"], lambda h: f"{h['path']}:{h['line']}: [{h['kind']}] {h['detail']}"),
        ("Files that do not parse", report["syntax_errors"], lambda s: f"{s['path']}:{s['line']}: {s['message']}"),
    )
    for title, items, show in sections:
        click.echo(f"\n{title}: {len(items)}")
        if items:
            click.echo(bullets(show(item) for item in items))
    _print_references(report["references"], verbose)
    for check in report.get("baseline", []):
        if check["check"] == "test-time":
            click.echo(
                f"\nPerformance baseline for `guardian validate`: tests {check['detail']} (taken because of --baseline)"
            )
    database = report["database"]
    if database.get("configured", True):
        click.echo(
            f"\nDatabase ENUM types: {len(database.get('enum_types', []))}, "
            f"duplicate groups: {len(database.get('duplicate_enums', []))}, "
            f"code drift findings: {len(database.get('code_drift', []))}"
        )
        lines = [
            f"{group.get('canonical')} <- {', '.join(map(str, group.get('members', [])))}: {group.get('why', '')}"
            for group in database.get("duplicate_enums", [])
        ]
        lines += [f"drift: {_drift(drift)}" for drift in database.get("code_drift", [])]
        if lines:
            click.echo(bullets(lines))
        from guardian.code_database import print_findings

        print_findings(database)  # code <-> database (planner.dbcheck)


def _drift(drift: Any) -> str:
    """One code-vs-database drift finding as a sentence (the dict is under --json)."""
    if not isinstance(drift, dict):
        return str(drift)
    where = f"{drift.get('path')}:{drift.get('line')}: " if drift.get("path") else ""
    parts = []
    if drift.get("missing_in_database"):
        parts.append(f"{', '.join(map(str, drift['missing_in_database']))} not in the database")
    if drift.get("missing_in_code"):
        parts.append(f"{', '.join(map(str, drift['missing_in_code']))} not in the code")
    return f"{where}{drift.get('class', '?')} ~ {drift.get('type', '?')}: " + (
        "; ".join(parts) or str(drift.get("match", "differs"))
    )


def _print_references(references: list[dict[str, Any]], verbose: bool) -> None:
    """The references by kind: one line per kind with its count and first places (each one with -v)."""
    click.echo(f"\nDynamic and string references: {len(references)}")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for ref in references:
        by_kind.setdefault(str(ref["kind"]), []).append(ref)
    width = output_width()
    for kind, refs in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if verbose:
            click.echo(f"  {kind} ({len(refs)}):")
            click.echo(bullets((f"{r['path']}:{r['line']}: {r['text']}" for r in refs), indent="    "))
            continue
        line = f"  {kind} ({len(refs)}): " + ", ".join(f"{r['path']}:{r['line']} {r['text']}" for r in refs)
        click.echo(cut(line, width) if width else line)
    if by_kind and not verbose:
        click.echo("  (every reference with -v, or under --json)")


@click.command()
@click.option("--dsn", default=None, help="Introspect this live database (overrides [database] dsn).")
@scan_jobs_option
@click.option(
    "--baseline/--no-baseline",
    default=False,
    show_default=True,
    help="Also record the performance baseline `guardian validate` compares with: imports the checkout's "
    "packages and runs its configured test command, so it is opt-in (docs/trust.md).",
)
@click.pass_obj
def assess(app: App, dsn: str | None, jobs: int | None, baseline: bool) -> None:
    """Phase 1: import graph, naming compliance, layers, cycles, references, database reality."""
    app.tracker.start_phase(1)
    scanned = scan(app, jobs)
    report = assessment(app, scanned, dsn)
    app.tracker.record_assessment(report)
    refused = None
    if baseline:
        from guardian.execpolicy import refusal

        refused = refusal(app.config)
        if refused is not None:
            app.warn(f"performance baseline not taken: {refused}")
    if baseline and refused is None:
        from guardian.validate import record_baseline

        checks = record_baseline(app, scanned)
        if checks is not None:  # say what it ran: on a large suite it is most of assess's time
            report["baseline"] = [{"check": c.check, "status": c.status, "detail": c.detail} for c in checks]
    app.emit(report, lambda: _print(report, app.config.pattern, app.verbosity > 0))


def register(main: click.Group) -> None:
    main.add_command(assess)
