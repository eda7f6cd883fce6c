"""Errors of the CLI layer, and the one table that maps every library error to an exit code."""

from __future__ import annotations

#: docs/design.md's exit codes.
EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_CONFLICT = 3
EXIT_DRIFT = 4


class GuardianError(Exception):
    """Base of the CLI's own errors. ``exit_code`` is what the process exits with."""

    exit_code: int = EXIT_BUG

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


class ConfigError(GuardianError):
    """A bad configuration file, key or value: names the file, line and key."""

    exit_code = EXIT_USAGE

    def __init__(
        self, path: str, key: str | None, message: str, *, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        what = f" {key}:" if key else ""
        super().__init__(f"{where}:{what} {message}", hint=hint)
        self.path, self.key, self.line = path, key, line


class UsageError(GuardianError):
    exit_code = EXIT_USAGE


class Conflict(GuardianError):
    """Plan conflicts, a closed gate, a refused batch or a failed validation."""

    exit_code = EXIT_CONFLICT
