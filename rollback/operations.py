"""A batch is data: the file operations a codemod computed, performed only by the journal.

Paths are relative to the repository root with ``/`` separators. Modes are permission bits
(``0o644``); git records only the executable bit, the journal restores the exact bits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias


@dataclass(frozen=True)
class Write:
    """Create or replace ``path`` with ``content``; ``mode`` None keeps the existing mode (0o644 for new)."""

    path: str
    content: bytes
    mode: int | None = None

    def describe(self) -> str:
        return f"write {self.path}"


@dataclass(frozen=True)
class Delete:
    """Remove the file ``path`` (it must exist)."""

    path: str

    def describe(self) -> str:
        return f"delete {self.path}"


@dataclass(frozen=True)
class Move:
    """Move the file ``old`` to ``new`` (which must not exist); ``content`` None keeps the bytes unchanged.

    Recorded as ``"op": "rename"`` in the manifest. Named ``Move`` so it is never confused with
    ``planner.plan.Rename``, a module rename in the plan.
    """

    old: str
    new: str
    content: bytes | None = None

    def describe(self) -> str:
        return f"rename {self.old} -> {self.new}"


@dataclass(frozen=True)
class Chmod:
    """Set the permission bits of ``path``."""

    path: str
    mode: int

    def describe(self) -> str:
        return f"chmod {self.mode:o} {self.path}"


Operation: TypeAlias = Write | Delete | Move | Chmod


def operation_paths(operation: Operation) -> tuple[str, ...]:
    """The repository paths an operation touches.

    Returns:
        One path, or two for a rename (old first).
    """
    if isinstance(operation, Move):
        return (operation.old, operation.new)
    return (operation.path,)


def operation_summary(operation: Operation, sha256: str | None = None) -> dict[str, Any]:
    """A JSON-ready record of an operation for the manifest (contents are referenced by hash).

    Returns:
        ``{"op": "write"|"delete"|"rename"|"chmod", ...}``.
    """
    if isinstance(operation, Write):
        return {
            "op": "write",
            "path": operation.path,
            "sha256": sha256,
            "mode": None if operation.mode is None else f"{operation.mode:04o}",
        }
    if isinstance(operation, Delete):
        return {"op": "delete", "path": operation.path}
    if isinstance(operation, Move):
        return {"op": "rename", "old": operation.old, "new": operation.new, "sha256": sha256}
    return {"op": "chmod", "path": operation.path, "mode": f"{operation.mode:04o}"}


@dataclass(frozen=True)
class SqlChange:
    """A database step journaled with the batch (``up.sql`` / ``down.sql``); ``dsn_label`` never holds a password."""

    up: str
    down: str
    dsn_label: str = ""


class SqlExecutor(Protocol):
    """The port that runs SQL on the real database (the caller owns the connection and its transaction)."""

    def __call__(self, sql: str) -> None: ...
