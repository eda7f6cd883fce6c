"""The journal: write-ahead forward and reverse patches, revert, drift detection, crash recovery.

Public API (other packages import from here)::

    from rollback import Journal, Write, Delete, Move, Chmod, SqlChange, repo_lock
"""

from rollback.changes import ABSENT
from rollback.errors import (
    BatchFailed,
    CorruptJournal,
    DatabaseRequired,
    Drift,
    InvalidBatch,
    JournalConflict,
    LockHeld,
    NothingToRevert,
    RollbackError,
    StaleBase,
    UnknownBatch,
    UnsafePath,
    UntrustedEntry,
)
from rollback.journal import Journal
from rollback.lock import repo_lock
from rollback.manifest import FileRecord, Manifest
from rollback.operations import Chmod, Delete, Move, Operation, SqlChange, SqlExecutor, Write

__all__ = [
    "ABSENT",
    "BatchFailed",
    "Chmod",
    "CorruptJournal",
    "DatabaseRequired",
    "Delete",
    "Drift",
    "FileRecord",
    "InvalidBatch",
    "Journal",
    "JournalConflict",
    "LockHeld",
    "Manifest",
    "NothingToRevert",
    "Operation",
    "Move",
    "RollbackError",
    "SqlChange",
    "SqlExecutor",
    "StaleBase",
    "UnknownBatch",
    "UnsafePath",
    "UntrustedEntry",
    "Write",
    "repo_lock",
]
