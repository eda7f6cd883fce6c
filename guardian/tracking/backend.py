"""Connections to the tracking database: SQLite (default) or PostgreSQL (shared by a team).

One small port: :class:`Backend` runs SQL written with ``?`` placeholders inside a transaction.
Every write goes through :meth:`Backend.transaction`, which takes the database's write lock first
(SQLite ``BEGIN IMMEDIATE``; PostgreSQL an advisory transaction lock), so concurrent Guardian
processes serialise their writes instead of interleaving half of one with half of another.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from failures import ExitCode
from failures.paths import checkout_root, within
from guardian.errors import GuardianError
from planner.redact import redact
from rollback.errors import RollbackError, UnsafePath

#: The advisory lock key every Guardian writer takes on a shared PostgreSQL tracking database.
PG_LOCK_KEY = 0x6775617264  # "guard"
#: The last 8 bytes of a rollback journal whose tail names a super-journal (SQLite's journal magic).
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
#: How long a writer waits for another process's transaction before giving up (seconds).
BUSY_TIMEOUT = 60.0


class TrackingError(GuardianError):
    """The tracking database cannot be opened, or refused a write."""

    exit_code = ExitCode.USAGE


class Cursor(Protocol):
    """What a transaction hands out: execute one statement, fetch its rows."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def fetchall(self) -> list[tuple[Any, ...]]: ...


class Backend(Protocol):
    """A tracking database connection."""

    dialect: str
    location: str

    def transaction(self) -> Any: ...

    def close(self) -> None: ...


class SQLiteBackend:
    """``.guardian/tracking.db``: WAL mode, a busy timeout and ``BEGIN IMMEDIATE`` for every write."""

    dialect = "sqlite"

    def __init__(self, path: Path, *, shown: str | None = None, repo: Path | None = None, adopt: bool = False) -> None:
        """Open ``path``; inside ``repo`` (the default file) it must be bound to it (guardian.tracking.binding).

        Raises:
            TrackingError: it cannot be opened, or is not bound to this repository and user (unless ``adopt``).
        """
        from rollback.door import check_unshared, make_dirs

        self.location = shown or str(path)
        try:
            if repo is not None:  # inside the repository: no symlink on the way or at the file (rollback.door)
                rel = path.relative_to(repo).as_posix()
                make_dirs(repo, path.parent.relative_to(repo).as_posix(), where="the tracking database")
                if path.is_symlink():
                    raise OSError(f"{self.location} is a symlink; Guardian never opens its files through symlinks")
                for suffix in ("", "-wal", "-shm", "-journal"):  # SQLite writes each in place
                    check_unshared(repo, rel + suffix, where="the tracking database")
                from guardian.tracking.binding import check_before_open

                refuse_super_journal(path, self.location)
                check_before_open(path, repo, self.location, adopt=adopt)
            else:  # named by GUARDIAN_TRACKING_URL: absolute and outside the repository (_sqlite_path)
                path.parent.mkdir(parents=True, exist_ok=True)  # never through a dangling symlink (EEXIST)
                for suffix in ("", "-wal", "-shm", "-journal"):  # SQLite writes each in place: never through
                    if os.path.islink(f"{path}{suffix}"):  # a symlink, nor a hard link (the checkout's, review 17)
                        raise OSError(f"{path}{suffix} is a symlink; Guardian never opens its files through symlinks")
                    check_unshared(path.parent, path.name + suffix, where="the tracking database")
                refuse_super_journal(path, self.location)
            self._conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            # Switching a fresh file to WAL takes an exclusive lock; processes opening it at the same
            # instant may be told "locked" without waiting: retry until the busy timeout.
            _retry_locked(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
        except TrackingError:
            raise
        except UnsafePath as exc:  # a symlink or a hard link where SQLite would write: its own hint
            raise TrackingError(
                f"{self.location}: cannot open the tracking database: {exc.message}", hint=exc.hint
            ) from None
        except (OSError, sqlite3.Error, RollbackError) as exc:
            raise TrackingError(
                f"{self.location}: cannot open the tracking database: {exc}",
                hint="check that .guardian/ is writable, or delete a corrupt tracking.db",
            ) from None
        if repo is not None:  # in the checkout: a tarball can ship it (docs/trust.md)
            from guardian.tracking.binding import bounded, check_binding

            try:  # bounded: a check that runs too long is interrupted (a TrackingError, exit 2)
                with bounded(self._conn), self.transaction() as cursor:
                    check_binding(cursor, repo, self.location, adopt=adopt)
            except BaseException:
                self._conn.close()
                raise

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """One atomic unit of work: all its statements commit together or none does.

        Raises:
            TrackingError: the database stayed locked for longer than the busy timeout, or is corrupt.
        """
        cursor = self._conn.cursor()
        try:
            _retry_locked(lambda: cursor.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as exc:
            raise TrackingError(
                f"{self.location}: cannot start a transaction: {exc}",
                hint="another Guardian process holds the database; retry",
            ) from None
        try:
            yield cursor
        except sqlite3.Error as exc:
            self._rollback()
            raise TrackingError(
                f"{self.location}: {exc}",
                hint="the tracking database may be damaged: `sqlite3 .guardian/tracking.db "
                "'PRAGMA integrity_check'`, or move it away to start afresh",
            ) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._conn.execute("ROLLBACK")
            raise TrackingError(f"{self.location}: commit failed: {exc}", hint="retry the command") from None

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # nothing to roll back: the statement that failed already ended the transaction

    def close(self) -> None:
        self._conn.close()


def refuse_super_journal(path: Path, shown: str) -> None:
    """Refuse a ``-journal`` beside ``path`` whose tail names a super-journal, before SQLite opens ``path``.

    SQLite replays a hot journal on open and then deletes the super-journal it names: any file, even
    one relative to the current directory. Guardian never attaches a database, so none of its journals
    names one: such a journal was shipped or planted.

    Raises:
        TrackingError: the journal names a super-journal, or is not a regular file (exit 2).
    """
    journal = Path(f"{path}-journal")
    try:
        fd = os.open(journal, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise TrackingError(
            f"{shown}-journal: cannot read it: {exc.strerror}", hint=f"move {shown}-journal aside and retry"
        ) from None
    try:
        info = os.fstat(fd)
        tail = os.pread(fd, 8, info.st_size - 8) if info.st_size >= 16 else b""
    finally:
        os.close(fd)
    if not stat.S_ISREG(info.st_mode) or tail == JOURNAL_MAGIC:
        raise TrackingError(
            f"{shown}-journal: a rollback journal Guardian did not write (it names a super-journal, a file "
            "SQLite would delete on opening the database): not opened",
            hint=f"delete {shown}-journal (shipped with the checkout or planted), and inspect where it came from",
        )


def _retry_locked(action: Any) -> None:
    """Run ``action``; SQLite may report "locked" before its busy timeout on WAL upgrades: retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class _PgCursor:
    """Adapts psycopg's ``%s`` placeholders to the ``?`` the tracker's SQL uses."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(params))

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._cursor.fetchall())


class PostgresBackend:
    """A shared tracking database in PostgreSQL (``GUARDIAN_TRACKING_URL=postgresql://...``)."""

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        self.location = _redact(url)
        self._url = url  # only to hide its password in the driver's messages
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a runtime dependency
            raise TrackingError("psycopg is not installed", hint="pip install 'psycopg[binary]'") from None
        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(url, autocommit=False, connect_timeout=10)
        except psycopg.Error as exc:
            first = redact(str(exc).strip().splitlines()[0], dsn=url) if str(exc).strip() else type(exc).__name__
            raise TrackingError(
                f"GUARDIAN_TRACKING_URL {self.location}: cannot connect: {first}",
                hint="check the server is up and the database exists",
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """One atomic unit of work under the Guardian advisory lock (writers queue, readers do not block).

        Raises:
            TrackingError: the server refused the transaction.
        """
        try:
            with self._conn.transaction():
                raw = self._conn.cursor()
                raw.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK_KEY,))
                yield _PgCursor(raw)
        except self._psycopg.Error as exc:
            first = redact(str(exc).strip().splitlines()[0], dsn=self._url) if str(exc).strip() else type(exc).__name__
            raise TrackingError(f"{self.location}: {first}", hint="retry the command") from None

    def close(self) -> None:
        self._conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages (planner.redact: every DSN form)."""
    return redact(url)


def connect(repo: Path, url: str | None, *, adopt: bool = False) -> Backend:
    """Open the tracking database of ``repo``: ``url`` (a ``postgresql://`` or ``sqlite:///`` URL) or the default file.

    ``adopt``: bind the default file to ``repo`` even when it was made elsewhere (``--trust-tracking``).

    Raises:
        TrackingError: the URL has an unknown scheme or the database cannot be opened.
    """
    if not url:
        return SQLiteBackend(repo / ".guardian" / "tracking.db", shown=".guardian/tracking.db", repo=repo, adopt=adopt)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    if url.startswith("sqlite:///"):
        return SQLiteBackend(_sqlite_path(repo, url))
    raise TrackingError(
        f"GUARDIAN_TRACKING_URL {_redact(url)}: unknown scheme",
        hint="use postgresql://user@host:5432/db, or unset it for .guardian/tracking.db",
    )


def _sqlite_path(repo: Path, url: str) -> Path:
    """The file a ``sqlite:///`` URL names: absolute, and outside ``repo`` (docs/trust.md).

    Raises:
        TrackingError: the path is relative (it would resolve in the current directory, in CI the
            checkout) or inside the repository (a checkout could ship the database, or a symlink there).
    """
    raw = url[len("sqlite:///") :]
    if not os.path.isabs(raw):
        raise TrackingError(
            f"GUARDIAN_TRACKING_URL {_redact(url)}: a relative path (it would resolve in the current directory)",
            hint="use an absolute path: sqlite:////home/me/tracking.db, or unset it for .guardian/tracking.db",
        )
    path = Path(os.path.normpath(raw))
    # the whole checkout (a monorepo's package is Guardian's root), and the repository resolved or as
    # named: the path as written (normalised) and resolved is in none
    roots = (checkout_root(repo), os.path.realpath(repo), str(repo.absolute()))
    if any(within(seen, root) for seen in (str(path), os.path.realpath(path)) for root in roots):
        raise TrackingError(
            f"GUARDIAN_TRACKING_URL {_redact(url)}: inside the repository",
            hint="unset it for .guardian/tracking.db, or name a file outside the repository",
        )
    return path
