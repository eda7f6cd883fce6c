"""Every command leaves a line in the tracking database's run log (``v7_events``, kind ``command``).

Registered as a start-up check, so it runs before any command (except ``init``, which may run
before a configuration exists); the command's own records follow it in the same log.
"""

from __future__ import annotations

from typing import Any

import click

from planner.redact import redact


def log_invocation(app: Any) -> None:
    """Record which command runs, with its arguments (passwords redacted)."""
    ctx = click.get_current_context(silent=True)
    command = ctx.invoked_subcommand if ctx is not None else None
    given = ctx.find_root().meta.get("guardian.argv") if ctx is not None else None  # set by guardian.cli
    argv = [redact(str(a)) for a in given] if given is not None else [command or "?"]
    from guardian.errors import GuardianError

    try:
        app.tracker.record_event(command or "?", "command", " ".join(["guardian", *argv])[:500], {"argv": argv})
    except GuardianError as exc:  # `recover` and `journal` need the journal alone; others fail at their own use
        if command in ("recover", "journal", "revert"):
            app.warn(f"the run log was not written: {exc}")
        else:
            raise
