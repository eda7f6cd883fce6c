"""Errors raised by the planner. Each carries its ``failures.ExitCode``."""

from __future__ import annotations

from failures import ExitCode, Failure


class PlannerError(Failure):
    """Base of every planner error. ``exit_code`` and the message format come from :class:`failures.Failure`."""


class InputError(PlannerError):
    """Bad input: a missing source root, an unreadable file, an unparseable schema."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, message: str, *, line: int | None = None, hint: str | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}", hint=hint)
        self.path = path
        self.line = line
