"""What every command receives: the repository, its configuration and the output channel."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guardian.config_file import load_config
from guardian.execpolicy import refusal
from guardian.render import style, table
from planner.config import Config

__all__ = ["App", "table"]  # table: the renderer the commands import from here (guardian.render)

if TYPE_CHECKING:  # the tracking package is imported lazily, on first use
    from guardian.tracking import Tracker


@dataclass
class App:
    """State shared by the commands of one invocation (built by the group callback)."""

    repo: Path
    config_path: Path | None = None
    json_output: bool = False
    verbosity: int = 0
    quiet: bool = False
    verbose_count: int = 0
    #: ``--trust-tracking``: adopt a ``.guardian/tracking.db`` made elsewhere (guardian.tracking.binding)
    trust_tracking: bool = False
    #: how the repository root was found (said with -v)
    root_how: str = ""
    #: Warnings collected while a command runs, printed on stderr at the end (never into --json).
    warnings: list[str] = field(default_factory=list)
    _bar: _Bar | None = field(default=None, repr=False)
    #: warnings already printed: the start-up recovery check and the command itself read the same
    #: journal, and an untrusted entry is said once per command
    _shown: set[str] = field(default_factory=set, repr=False)

    @cached_property
    def config(self) -> Config:
        """The configuration; under ``--no-exec`` without its ``[database] dsn``.

        A DSN the checkout names is a server the checkout chose: libpq would answer it with the
        user's own credentials (``PGPASSWORD``, a ``~/.pgpass`` line), sent in clear text if the
        server asks. Where nothing of the checkout may run, nothing it names is connected to either;
        ``--dsn`` on the command line still is (the user's own choice).
        """
        config = load_config(self.repo, self.config_path)
        refused = refusal(config) if config.database.dsn else None
        if refused is not None:
            self.warn(
                f"[database] dsn of the configuration not used: {refused} "
                "(a server the checkout names would get your credentials); pass --dsn to use a database"
            )
            config = replace(config, database=replace(config.database, dsn=None))
        return config

    @cached_property
    def tracker(self) -> Tracker:
        """The tracking database (opened on first use): ``app.tracker.record_<thing>(...)``."""
        from guardian.tracking import open_tracker  # imported lazily: commands that never record skip it

        return open_tracker(self.repo, self.config, adopt=self.trust_tracking)

    # -- output ----------------------------------------------------------------------------------
    def emit(self, data: Any, human: Callable[[], None]) -> None:
        """Print ``data`` as JSON under ``--json``, else call ``human`` to print it for people."""
        if self.json_output:
            click.echo(json.dumps(data, indent=2, sort_keys=False, default=str))
        else:
            human()

    def echo(self, message: str, *, err: bool = False) -> None:
        """``click.echo`` that first clears a progress bar's line, which the bar redraws on its next step."""
        if self._bar is not None:
            self._bar.clear()
        click.echo(message, err=err)

    def info(self, message: str) -> None:
        """A line for people: suppressed by ``-q`` and under ``--json`` (stdout stays machine-clean)."""
        if self.verbosity >= 0 and not self.json_output:
            self.echo(message)

    def debug(self, message: str) -> None:
        if self.verbosity > 0:
            self.echo(message, err=True)

    def warn(self, message: str) -> None:
        """A warning on stderr: none under ``-q``; a JSON line ``{"warning": ...}`` under ``--json``."""
        if self.verbosity < 0 or message in self._shown:
            return
        self._shown.add(message)
        if self.json_output:
            self.echo(json.dumps({"warning": message}), err=True)
        else:
            self.echo(style("guardian: warning:", err=True, fg="yellow") + f" {message}", err=True)

    @contextmanager
    def progress_callback(self, label: str) -> Iterator[Callable[[int, int], None] | None]:
        """A ``(done, total)`` callback drawing a bar on a terminal; None when piped or quiet."""
        if not (sys.stderr.isatty() and self.verbosity >= 0 and not self.json_output):
            yield None
            return
        bar = _Bar(label)
        self._bar = bar
        try:
            yield bar
        finally:
            self._bar = None
            bar.close()


class _Bar:
    """Adapts click's progress bar to the planner's ``progress(done, total)`` callbacks."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def clear(self) -> None:
        """Erase the bar's line so that a message prints on a line of its own (redrawn on the next step)."""
        if self.bar is not None:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.bar._last_line = None  # click redraws a bar only when its line changed

    def close(self) -> None:
        """End the bar: its line is finished (newline) before anything else prints."""
        if self.bar is not None:
            bar, self.bar = self.bar, None
            bar.__exit__(None, None, None)
