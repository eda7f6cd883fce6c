"""The code ↔ database check as the commands use it: which consolidations are switched, the
human table of ``assess``, and ``validate``'s check that no finding appeared since the assessment."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from guardian.app import table
from guardian.process import layer_done, layer_loaded
from guardian.tracking import CheckRecord
from planner.facts import FileFacts

if TYPE_CHECKING:
    from planner.dbcheck import Switched

CHECK_NAME = "code-database"


def switched_groups(records: Iterable[Any]) -> list[Switched]:
    """ENUM consolidations whose ``switch`` step is applied and whose ``contract`` is not, from the
    tracking records (oldest first; each has ``canonical``, ``members``, ``step``, ``status``)."""
    state: dict[str, tuple[str, tuple[str, ...]]] = {}
    for record in records:
        canonical, step, status = str(record.canonical), str(record.step), str(record.status)
        if status == "applied" and step in ("switch", "contract"):
            state[canonical] = (step, tuple(str(m) for m in record.members))
        elif status == "reverted" and "switch" in canonical:  # a revert names the step stem, e.g. 2_switch_order_status
            for name in list(state):
                if canonical.endswith(name.lower()) and state[name][0] == "switch":
                    del state[name]
    if not state:
        return []  # no consolidation under way: the SQL layer (SQLGlot) is not loaded for nothing
    from planner.dbcheck import Switched

    return [Switched(name, members) for name, (step, members) in sorted(state.items()) if step == "switch"]


def summary_line(findings: Sequence[Mapping[str, Any]]) -> str:
    accepted = sum(1 for f in findings if f.get("accepted"))
    return f"code ↔ database: {len(findings)} findings" + (f" ({accepted} accepted)" if accepted else "")


def print_findings(database: Mapping[str, Any]) -> None:
    """The ``assess`` section: the count line, the findings table, the opaque SQL."""
    findings = list(database.get("code_findings", []))
    click.echo(f"\n{summary_line(findings)}")
    if findings:
        rows = [
            (
                f["kind"],
                f"{f['path']}:{f['line']}",
                _cut(f["excerpt"], 60),
                _cut(f["database"], 50),
                ("accepted: " + str(f["reason"])) if f.get("accepted") else _cut(f["hint"], 60),
            )
            for f in findings
        ]
        click.echo(table(("kind", "where", "code", "database has", "hint"), rows))
    opaque = list(database.get("code_opaque", []))
    if opaque:
        click.echo(f"SQL Guardian cannot read (opaque, not checked): {len(opaque)}")
        from guardian.render import bullets  # wrapped to the terminal (issue 14: output for people)

        click.echo(
            bullets(f"{item['path']}:{item['line']}: {_cut(item['excerpt'], 70)} ({item['reason']})" for item in opaque)
        )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def check_new_findings(
    current: Sequence[Any], assessment: Mapping[str, Any] | None, *, started: float | None = None
) -> CheckRecord:
    """``validate``'s check: fail on any open finding the last assessment did not have.

    Args:
        current: this run's findings (:class:`planner.dbcheck.Finding`).
        assessment: the last ``assess`` report (None: nothing to compare with, every open finding counts).
    """
    from planner.dbcheck import new_since

    began = time.monotonic() if started is None else started
    baseline = list(((assessment or {}).get("database") or {}).get("code_findings", []))
    new = new_since(current, baseline)
    open_count = sum(1 for f in current if f.accepted is None)
    if new:
        detail = (
            f"{len(new)} new since the assessment: "
            + "; ".join(f"{f.path}:{f.line} [{f.kind}] {f.subject}" for f in new[:5])
            + (" ..." if len(new) > 5 else "")
        )
        status = "fail"
    else:
        detail = f"no new finding ({open_count} open, all known at the assessment)"
        status = "pass"
    return CheckRecord(
        CHECK_NAME, status, detail, {"new": len(new), "open": open_count}, round(time.monotonic() - began, 3)
    )


def validate_check(app: Any, scanned: Mapping[str, FileFacts] | None = None) -> CheckRecord | None:
    """The ``code-database`` check of ``guardian validate``; None when no database is configured
    (``scanned``: the facts of the scan ``validate`` made, ``RepoScan.facts``).

    Skipped when there is no assessment to compare with (or it predates this check); failed when the
    database cannot be read or an open finding is new since the assessment.
    """
    from planner.database import code_findings
    from planner.errors import PlannerError

    config = app.config
    if not (config.database.schema or config.database.dsn):
        return None
    layer_loaded()
    started = time.monotonic()
    event = app.tracker.latest("assessment")
    database = ((event.payload if event else None) or {}).get("database") or {}
    if "code_findings" not in database:
        return CheckRecord(
            CHECK_NAME,
            "skip",
            "no assessment with the code ↔ database check: run `guardian assess`",
            {},
            round(time.monotonic() - started, 3),
        )
    from guardian.dbcheck_cache import JsonResultCache

    cache = JsonResultCache(app.repo)
    try:
        findings = code_findings(
            config, switched=switched_groups(app.tracker.enum_migrations()), cache=cache, scanned=scanned
        )
        cache.save()
        layer_done()
    except PlannerError as exc:
        return CheckRecord(
            CHECK_NAME, "fail", f"cannot read the database schema: {exc}", {}, round(time.monotonic() - started, 3)
        )
    return check_new_findings(findings, event.payload if event else None, started=started)
