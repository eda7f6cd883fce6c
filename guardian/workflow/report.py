"""``guardian status``: the phase table, gates and progress figures, as data and as text or Markdown."""

from __future__ import annotations

from typing import Any

from guardian.tracking import Tracker
from guardian.tracking.tracking_store import short
from guardian.workflow.escalation import escalate
from guardian.workflow.gates import evaluate
from guardian.workflow.phases import BLOCKED
from guardian.workflow.snapshot import Snapshot


def status_report(tracker: Tracker, snap: Snapshot) -> dict[str, Any]:
    """docs/design.md's ``status --json`` document (more keys than the contract's minimum)."""
    phases = tracker.phases()
    leads = {p.number: p.lead for p in phases}
    assessment = snap.assessment or {}
    compliance = assessment.get("compliance", {}).get("percent")
    validate = tracker.latest_run("validate")
    if validate is not None:
        for check in validate[1]:
            if check.check == "naming" and "percent" in check.metrics:
                compliance = check.metrics["percent"]  # newer than the assessment
    duplicates = [str(g.get("canonical")) for g in (assessment.get("database") or {}).get("duplicate_enums", [])]
    contract = {r.canonical: r.status for r in tracker.enum_migrations() if r.step == "contract"}
    contracted = {name for name, state in contract.items() if state == "applied"}
    batches = snap.plan.batches if snap.plan is not None else ()
    applied = [b.id for b in batches if snap.batch_status.get(str(b.id)) == "applied"]
    reverted = sorted({b for b, s in snap.batch_status.items() if s == "reverted"}, key=_numeric)
    pending = [{"batch": b, "missing_roles": roles} for b, roles in snap.missing_approvals().items()]
    blocked = [escalate(t, snap.now, leads).to_json() for t in tracker.tasks(status=BLOCKED)]
    last = validate[0] if validate else None
    return {
        "phases": [
            {
                "number": p.number,
                "name": p.name,
                "lead": p.lead,
                "status": p.status,
                "start": short(p.started_at),
                "complete": short(p.completed_at),
                "note": p.note,
            }
            for p in phases
        ],
        "gates": [g.to_json() for g in evaluate(snap)],
        "compliance_percent": compliance,
        "duplicate_enums_left": [d for d in duplicates if d not in contracted],
        "contract_sql": {d: contract[d] for d in duplicates if d in contract},  #: written | applied | reverted
        "batches": {
            "planned": len(batches),
            "applied": len(applied),
            "reverted": len(reverted),
            "applied_ids": applied,
            "reverted_ids": reverted,
        },
        "approvals_pending": pending,
        "blocked_tasks": blocked,
        "last_validate": None if last is None else {"at": short(last.at), "summary": last.summary},
        "tracking": tracker.backend.location,
    }


def _numeric(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (10**9, text)


def _rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    return [
        (f"{p['number']}. {p['name']}", p["lead"], p["status"], p["start"] or "-", p["complete"] or "-")
        for p in report["phases"]
    ]


def _summary_lines(report: dict[str, Any]) -> list[str]:
    b = report["batches"]
    compliance = report["compliance_percent"]
    lines = [
        f"Compliance: {'-' if compliance is None else f'{compliance}%'}",
        f"Duplicate ENUMs left: {len(report['duplicate_enums_left'])}"
        + (f" ({', '.join(report['duplicate_enums_left'])})" if report["duplicate_enums_left"] else "")
        + "".join(
            f"; {name}: contract SQL {state}"
            for name, state in report["contract_sql"].items()
            if name in report["duplicate_enums_left"]
        ),
        f"Batches: {b['applied']} of {b['planned']} applied, {b['reverted']} reverted",
        f"Approvals pending: {len(report['approvals_pending'])}"
        + "".join(f"\n  batch {p['batch']}: {', '.join(p['missing_roles'])}" for p in report["approvals_pending"]),
    ]
    lines.append(f"Blocked tasks: {len(report['blocked_tasks'])}")
    for t in report["blocked_tasks"]:
        lines.append(
            f"  phase {t['phase']}: {t['task']} - blocked {t['hours']} h, escalation level "
            f"{t['escalation_level']} ({t['escalated_to']})"
        )
    return lines


def render_text(report: dict[str, Any], table: Any) -> str:
    """The phase table, gates and figures for a terminal (``table`` is guardian.app.table)."""
    out = [table(("Phase", "Lead", "Status", "Start", "Complete"), _rows(report)), "", "Gates:"]
    for g in report["gates"]:
        out.append(f"  {g['from']} -> {g['to']} {g['title']}: {'open' if g['open'] else 'CLOSED'}")
        if g["reasons"]:
            from guardian.render import bullets  # each reason wrapped to the terminal

            out.append(bullets((f"- {r}" for r in g["reasons"]), indent="      "))
    from guardian.render import printable  # ENUM names come from the checkout's schema

    return "\n".join(out + [""] + [printable(line) for line in _summary_lines(report)])


def render_markdown(report: dict[str, Any]) -> str:
    """The same, as Markdown to paste into an issue tracker."""
    out = ["## V7 migration status", "", "| Phase | Lead | Status | Start | Complete |", "|---|---|---|---|---|"]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in _rows(report)]
    out += ["", "### Gates", "", "| Gate | Check | Open | Reasons |", "|---|---|---|---|"]
    for g in report["gates"]:
        out.append(
            f"| {g['from']} → {g['to']} | {_md(g['title'])} | {'yes' if g['open'] else '**no**'} | "
            f"{_md('; '.join(g['reasons'])) or '-'} |"
        )
    out += ["", "### Progress", ""] + [f"- {_md(line.strip())}" for line in _summary_lines(report)]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
