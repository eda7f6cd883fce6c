"""Binding ``.guardian/tracking.db`` to this user and this repository, as journal entries are.

The SQLite tracking database holds the approvals ``apply`` requires and the phases the gates read; a
checkout shipped as a tarball can carry one. When Guardian creates the database it stores a random id
and the HMAC of (the repository's identity, the id) made with this user's key (``rollback.auth``) in
``guardian_binding``. On every open the MAC is checked before any other table is read: a database
without a valid one (shipped, copied from another repository or user, moved with its repository, or
made before this check existed) is refused (exit 2) until the user moves it aside or adopts it
(``guardian --trust-tracking``). A PostgreSQL tracking database is not in the checkout: not bound.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from failures import ExitCode
from guardian.tracking.backend import Cursor, TrackingError
from rollback.auth import repository_identity, sign, verify

TABLE = "guardian_binding"
_PURPOSE = b"guardian tracking database"


class UntrustedTracking(TrackingError):
    """The tracking database was not made by Guardian in this repository as this user."""

    exit_code = ExitCode.USAGE

    def __init__(self, shown: str, *, foreign: bool = False) -> None:
        adopt = f", or after inspecting it (`sqlite3 {shown} .dump`) adopt it: `guardian --trust-tracking status`"
        super().__init__(
            f"{shown}: not made by Guardian in this repository as this user (shipped with the checkout, "
            "copied from another repository or user, moved, or older than this check): "
            + (
                "it holds a view, trigger or virtual table, which Guardian never creates"
                if foreign
                else "its approvals and phases are not trusted"
            ),
            hint="move it aside (with its -journal, -wal and -shm files) to start afresh" + ("" if foreign else adopt),
        )


#: SQLite virtual machine steps between two calls of the progress handler, and the calls allowed while
#: the binding is checked: a view or trigger of a shipped file cannot make the check run without end.
_STEPS = 1000
_CALLS = 10_000


@contextmanager
def bounded(conn: sqlite3.Connection) -> Iterator[None]:
    """Interrupt (``sqlite3.OperationalError``) any statement of ``conn`` past about ten million steps."""
    calls = 0

    def progress() -> int:
        nonlocal calls
        calls += 1
        return int(calls > _CALLS)

    conn.set_progress_handler(progress, _STEPS)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


def _tables(cursor: Cursor) -> tuple[set[str], bool]:
    """The names of the database's tables, and whether it holds anything Guardian never creates: a view,
    a trigger or a virtual table (one makes a read of Guardian's own names run arbitrary queries)."""
    cursor.execute("SELECT type, name, sql FROM sqlite_master")
    rows = cursor.fetchall()
    foreign = any(
        kind not in ("table", "index") or str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL")
        for kind, _, sql in rows
    )
    return {str(name) for kind, name, _ in rows if kind in ("table", "index")}, foreign


def _data(repo: Path, ident: str) -> bytes:
    return repository_identity(repo) + b"\0" + ident.encode("utf-8")


def _authentic(cursor: Cursor, repo: Path) -> bool:
    cursor.execute(f"SELECT id, mac FROM {TABLE}")
    rows = cursor.fetchall()
    if len(rows) != 1 or not all(isinstance(value, str) for value in rows[0]):
        return False
    ident, mac = rows[0]
    return verify(_PURPOSE, _data(repo, ident), mac)


def _bind(cursor: Cursor, repo: Path) -> None:
    ident = secrets.token_hex(16)
    mac = sign(_PURPOSE, _data(repo, ident))
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id TEXT NOT NULL, mac TEXT NOT NULL)")
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(f"INSERT INTO {TABLE} (id, mac) VALUES (?, ?)", (ident, mac))


def check_binding(cursor: Cursor, repo: Path, shown: str, *, adopt: bool = False) -> None:
    """Bind a fresh database to ``repo``; accept a bound one; refuse (or, with ``adopt``, bind) any other.

    Runs in the caller's write transaction, so two processes creating the file at once bind it once.

    Raises:
        UntrustedTracking: the database holds tables but no binding that verifies (exit 2).
        rollback.auth.KeyUnavailable: the key cannot be read or created.
    """
    names, foreign = _tables(cursor)
    if foreign:
        raise UntrustedTracking(shown, foreign=True)
    if TABLE in names and _authentic(cursor, repo):
        return
    if names and not adopt:
        raise UntrustedTracking(shown)
    _bind(cursor, repo)  # a fresh (empty) database, or the user's explicit adoption


def check_before_open(path: Path, repo: Path, shown: str, *, adopt: bool = False) -> None:
    """With a ``-journal`` beside ``path``, check its binding before SQLite replays the journal.

    The file is read as it is on disk (``immutable``: no recovery, no lock). A database with tables and
    no binding that verifies is refused (unless ``adopt``) before any normal connection; an empty one, or
    one unreadable without its journal, is left to the normal open and :func:`check_binding`, so
    Guardian's own crash leftovers recover as SQLite always does. A ``-wal`` is not checked here: the
    main file of Guardian's own database lags its WAL (it would be refused wrongly), and replaying a WAL
    writes only the database itself, whose binding is checked right after.

    Raises:
        UntrustedTracking: a shipped database with leftovers beside it (exit 2).
    """
    if adopt or not path.is_file() or not path.with_name(path.name + "-journal").exists():
        return
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            cursor = cast(Cursor, conn.cursor())
            with bounded(conn):
                names, foreign = _tables(cursor)
                trusted = not foreign and (not names or (TABLE in names and _authentic(cursor, repo)))
        finally:
            conn.close()
    except sqlite3.Error:
        return
    if not trusted:
        raise UntrustedTracking(shown)
