"""Errors raised by the planner. Each carries the exit code the CLI maps it to."""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every planner error; ``exit_code`` follows docs/design.md's table."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


class InputError(PlannerError):
    """Bad input: a missing source root, an unreadable file, an unparseable schema."""

    exit_code = 2

    def __init__(self, path: str, message: str, *, line: int | None = None, hint: str | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}", hint=hint)
        self.path = path
        self.line = line
