"""Errors of the CLI layer (the exit-code table is ``failures.ExitCode``)."""

from __future__ import annotations

from failures import ExitCode, Failure


class GuardianError(Failure):
    """Base of the CLI's own errors. ``exit_code`` and the message format come from :class:`failures.Failure`."""


class ConfigError(GuardianError):
    """A bad configuration file, key or value: names the file, line and key."""

    exit_code = ExitCode.USAGE

    def __init__(
        self, path: str, key: str | None, message: str, *, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        what = f" {key}:" if key else ""
        super().__init__(f"{where}:{what} {message}", hint=hint)
        self.path, self.key, self.line = path, key, line


class UsageError(GuardianError):
    """A command line or request that cannot be carried out as given."""

    exit_code = ExitCode.USAGE


class Conflict(GuardianError):
    """Plan conflicts, a closed gate, a refused batch or a failed validation."""

    exit_code = ExitCode.CONFLICT
