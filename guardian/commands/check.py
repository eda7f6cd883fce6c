"""``guardian check``: the fast compliance gate for CI and pre-commit (after phase 5).

Reads the checkout (the facts cache makes a warm run fast), never runs its code, and exits 1 when
a module breaks the convention, a layer rule or a new cycle appears, or code references a retired
old module path (``planner.checks``). Findings print as ``path:line: kind: message`` lines, as JSON,
or as GitHub workflow annotations. See docs/check.md.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping

import click

from failures import ExitCode, too_long
from guardian.app import App
from guardian.checkout_scan import scan, scan_jobs_option
from planner.checkout_files import readable, real_root
from planner.checks import BASELINE_FILE, Baseline, CheckResult, baseline_record, check, read_baseline_record
from planner.errors import InputError

#: guardian.tracking.ENV_URL (not imported: the check opens the tracking database only when one exists)
TRACKING_URL_ENV = "GUARDIAN_TRACKING_URL"

#: Exit status when the gate finds a problem (as ruff, flake8 and import-linter do).


def baseline(app: App, renamed: Mapping[str, str]) -> Baseline:
    """The newest assessment in the tracking database, or an empty baseline when there is none.

    A checkout without a tracking database (a fresh CI clone) is not given one: the check never
    creates ``.guardian/`` files."""
    if not (os.environ.get(TRACKING_URL_ENV) or (app.repo / ".guardian" / "tracking.db").is_file()):
        return Baseline()
    event = app.tracker.latest("assessment")
    if event is None or not isinstance(event.payload, dict):
        return Baseline()
    return Baseline.from_assessment(event.payload, renamed, f"assessment of {event.at[:19]}Z (event {event.id})")


def retired_modules(app: App) -> dict[str, str]:
    """Old dotted module -> new over the applied rename batches of the journal."""
    from guardian.workflow.history import renamed_modules

    return renamed_modules(app.repo) or {}


def committed_baseline(app: App) -> tuple[Baseline, dict[str, str]]:
    """The baseline file at the repository root (empty when there is none).

    Raises:
        InputError: the file is not valid JSON or not a baseline (exit 2, naming the key).
    """
    path = app.repo / BASELINE_FILE
    if os.path.lexists(path) and not readable(path, real_root(app.repo)):  # `-> /dev/zero`, a FIFO, a file outside
        raise InputError(BASELINE_FILE, "not a regular file inside the repository", hint="remove it, or make it a file")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Baseline(), {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(BASELINE_FILE, f"cannot read it: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            BASELINE_FILE,
            f"not valid JSON: {exc.msg}",
            line=exc.lineno,
            hint="regenerate it with `guardian check --update-baseline`",
        ) from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int conversion limit)
        raise InputError(
            BASELINE_FILE, too_long(exc), hint="regenerate it with `guardian check --update-baseline`"
        ) from None
    except RecursionError:
        raise InputError(
            BASELINE_FILE, "nested too deeply", hint="regenerate it with `guardian check --update-baseline`"
        ) from None
    return read_baseline_record(data, BASELINE_FILE)


def _escape(text: str, *, prop: bool = False) -> str:
    """GitHub's workflow-command escaping (``%``, CR, LF; in properties also ``:`` and ``,``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(result: CheckResult, fmt: str) -> list[str]:
    """The findings as lines of ``fmt`` (text or github)."""
    if fmt == "github":
        return [
            f"::error file={_escape(f.path, prop=True)},line={f.line},title={_escape('guardian ' + f.kind, prop=True)}"
            f"::{_escape(f.message)}"
            for f in result.findings
        ]
    return [f"{f.path}:{f.line}: {f.kind}: {f.message}" for f in result.findings]


def summary(result: CheckResult) -> str:
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts().items() if n)
    known = f"; {result.known} cycle(s)/layer violation(s) known since the baseline left out" if result.known else ""
    if result.passed:
        return f"guardian check: ok, {result.modules} modules{known}"
    return f"guardian check: {len(result.findings)} problem(s) ({counts}) in {result.modules} modules{known}"


@click.command("check")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default=None,
    help="text: `path:line: kind: message` lines (default); json; github: workflow annotations.",
)
@scan_jobs_option
@click.option(
    "--update-baseline",
    is_flag=True,
    help=f"Accept today's cycles and layer violations and keep the retired paths in {BASELINE_FILE} "
    "(commit it: CI clones have no .guardian/).",
)
@click.pass_obj
def check_command(app: App, fmt: str | None, jobs: int | None, update_baseline: bool) -> None:
    """Fast compliance gate for CI and pre-commit: exit 1 on a finding; runs no target code."""
    fmt = fmt or ("json" if app.json_output else "text")
    try:
        committed, committed_retired = committed_baseline(app)
    except InputError:
        if not update_baseline:
            raise
        committed, committed_retired = Baseline(), {}  # regenerating a damaged file
    retired = {**committed_retired, **retired_modules(app)}
    scanned = scan(app, jobs)
    if update_baseline:
        from planner.convention import audit
        from rollback.output_file import write_output

        record = baseline_record(scanned, audit(app.config, scanned), retired)
        write_output(app.repo, app.repo / BASELINE_FILE, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
        committed, _ = read_baseline_record(record, BASELINE_FILE)
        if app.verbosity >= 0:
            click.echo(
                f"guardian check: wrote {BASELINE_FILE}: {len(committed.cycles)} cycle(s) and "
                f"{len(committed.layer_violations)} layer violation(s) accepted, {len(retired)} retired "
                "module path(s); commit it so CI knows them",
                err=True,
            )
    known = baseline(app, retired).merged(committed)
    result = check(app.config, scanned, baseline=known, retired=retired)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        for line in render(result, fmt):
            click.echo(line)
        if app.verbosity >= 0:
            click.echo(summary(result), err=True)
    if not result.passed:
        sys.exit(ExitCode.FINDINGS)


def register(main: click.Group) -> None:
    main.add_command(check_command)
