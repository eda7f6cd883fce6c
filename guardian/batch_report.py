"""What ``apply`` and ``review`` print about a run of batches: a summary per batch, the diff of a
dry run, the JSON report (``guardian/commands/apply.py`` runs the batches)."""

from __future__ import annotations

from typing import Any

import click

from codemods.apply_batches import BatchOutcome
from guardian.app import App, table
from guardian.errors import Conflict

#: Manual follow-ups printed per batch (the rest are in the --json report).
SHOWN_FOLLOW_UPS = 3


def batch_summary(outcome: BatchOutcome) -> str:
    """A batch's lines for a terminal: its renames as a table, follow-ups, warnings, problems."""
    edit = outcome.edit
    verb = "applied" if outcome.status == "applied" else "would change"
    lines = [
        f"Batch {outcome.batch}: {len(edit.renames)} renames, {verb} {len(edit.changes)} files "
        f"in {outcome.seconds:.2f}s"
        + (f"; {len(edit.reference_edits)} string/config references rewritten" if edit.reference_edits else "")
    ]
    lines.append(
        table(
            ("old", "new", "files", "kept local names", "libcst fixes"),
            [(r.old, r.new.rpartition("/")[2], len(r.files), r.masked, len(r.fixed_by_libcst)) for r in edit.renames],
        )
    )
    for item in edit.manual[:SHOWN_FOLLOW_UPS]:
        lines.append(f"  manual follow-up: {item['detail']}")
    if len(edit.manual) > SHOWN_FOLLOW_UPS:
        lines.append(f"  ... {len(edit.manual) - SHOWN_FOLLOW_UPS} more manual follow-ups (all listed under --json)")
    for warning in [w for r in edit.renames for w in r.warnings] + list(edit.warnings):
        lines.append(f"  warning: {warning}")
    for path in outcome.untracked:
        lines.append(f"  note: {path} was not tracked by git; moved with a plain rename")
    if edit.shims:
        lines.append(f"  shims left at {len(edit.shims)} old paths (`guardian retire` removes them)")
    if outcome.problems:
        lines.append("  verification would fail:")
        lines += [f"    {p}" for p in outcome.problems]
    return "\n".join(lines)


def report(
    app: App,
    outcomes: list[BatchOutcome],
    dry_run: bool,
    show: set[int] | None = None,
    proof: list[dict[str, object]] | None = None,
    *,
    pager: bool = False,
) -> None:
    """Print (or emit as JSON) what a run of batches did or, in a dry run, would do: the diff of a dry
    run, each batch's summary, the tests' proof.

    Raises:
        guardian.errors.Conflict: a dry run's verification found problems (exit 3).
    """
    shown = [o for o in outcomes if show is None or o.batch in show]
    data: dict[str, Any] = {"dry_run": dry_run, "batches": []}
    if proof:
        data["tests"] = proof  #: the baseline and each batch's proof (guardian/prove.py)
    for outcome in shown:
        item = outcome.to_json()
        if dry_run:
            item["patch"] = outcome.patch
        data["batches"].append(item)

    def human() -> None:
        if dry_run:  # the diff (coloured on a terminal, paged when long), then each batch's summary
            from guardian.render import colour_diff, colour_enabled, page

            patch = "".join(o.patch for o in shown)
            if patch:
                page(colour_diff(patch, colour_enabled()), pager=pager)
            for outcome in shown:  # an applied batch's summary was printed when it landed
                click.echo(batch_summary(outcome), err=True)
        if not dry_run:
            changed = sum(len(o.edit.changes) for o in shown)
            app.info(
                f"{len(shown)} batch(es) applied, {changed} file changes journaled; "
                "`guardian revert --last` undoes the last one"
            )

    app.emit(data, human)
    problems = [p for o in shown for p in o.problems]
    if problems:
        raise Conflict(
            f"{len(problems)} verification problem(s) in the dry run: {problems[0]}",
            hint="the batch would be rolled back; fix the reported import first",
        )
