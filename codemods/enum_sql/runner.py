"""Run a generated SQL file on a live server, statement by statement, in autocommit mode.

The files carry their own transaction boundaries (``BEGIN``/``COMMIT``) because some statements
must not run inside one (``CREATE INDEX CONCURRENTLY``, a ``DO`` block that commits per batch).
Statements are split by the one SQL splitter (:mod:`planner.schema.sql_statements`: quotes, ``$tag$``
bodies and MariaDB ``DELIMITER`` lines), so the same files run with ``psql -f`` / ``mariadb <`` and here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from codemods.errors import CodemodError
from failures import ExitCode
from planner.schema.sql_statements import Statement, split_statements
from rollback import SqlExecutor


class SqlFailed(CodemodError):
    """A statement of a migration file failed on the server: names the file, line and server message."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(
            f"{source}:{line}: the database refused the statement: {message}",
            hint="the file is re-runnable: fix the cause and run it again",
        )
        self.source, self.line, self.server_message = source, line, message


def split_script(text: str, dialect: str, source: str = "<sql>") -> list[Statement]:
    """The statements of a migration file, as :func:`planner.schema.sql_statements.split_statements` splits them.

    Raises:
        InputError: the file cannot be tokenized (an unterminated quote), naming ``source:line``.
    """
    return split_statements(text, dialect, source)


def run_script(
    conn: Any,
    text: str,
    dialect: str,
    source: str = "<sql>",
    on_statement: Callable[[Statement, float], None] | None = None,
) -> int:
    """Execute every statement of ``text`` on ``conn`` (autocommit; the file's BEGIN/COMMIT apply).

    Returns:
        The number of statements run.

    Raises:
        SqlFailed: a statement failed; any open transaction is rolled back first.
    """
    import time

    count = 0
    for statement in split_script(text, dialect, source):
        started = time.perf_counter()
        try:
            with conn.cursor() as cur:
                cur.execute(statement.text)
                if dialect == "mysql":
                    while cur.nextset():
                        pass
        except Exception as exc:  # the driver's error types differ; all are a refused statement
            _rollback(conn, dialect)
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SqlFailed(source, statement.line, message) from None
        count += 1
        if on_statement is not None:
            on_statement(statement, time.perf_counter() - started)
    return count


@contextmanager
def script_runner(dsn_url: str, source: str) -> Iterator[SqlExecutor]:
    """A function that runs a SQL file's text (:func:`run_script`) on the database at ``dsn_url``,
    over one autocommit connection closed on leaving; its errors name ``source``."""
    from planner.schema.connect import connect, parse_dsn

    dsn = parse_dsn(dsn_url)
    conn = connect(dsn, autocommit=True)

    def execute(sql: str) -> None:
        run_script(conn, sql, dsn.dialect, source=source)

    try:
        yield execute
    finally:
        conn.close()


def _rollback(conn: Any, dialect: str) -> None:
    try:
        with conn.cursor() as cur:
            cur.execute("ROLLBACK")
    except Exception:  # nothing open: fine
        pass
