"""Run a generated SQL file on a live server, statement by statement, in autocommit mode.

The files carry their own transaction boundaries (``BEGIN``/``COMMIT``) because some statements
must not run inside one (``CREATE INDEX CONCURRENTLY``, a ``DO`` block that commits per batch).
The splitter understands quotes, ``$tag$`` bodies (PostgreSQL) and ``DELIMITER`` lines
(the MariaDB client convention for trigger and function bodies), so the same files run with
``psql -f`` / ``mariadb <`` and here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from codemods.errors import CodemodError

_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


class SqlFailed(CodemodError):
    """A statement of a migration file failed on the server: names the file, line and server message."""

    exit_code = 3

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(
            f"{source}:{line}: the database refused the statement: {message}",
            hint="the file is re-runnable: fix the cause and run it again",
        )
        self.source, self.line, self.server_message = source, line, message


@dataclass(frozen=True)
class Statement:
    text: str
    line: int


def split_script(text: str, dialect: str) -> list[Statement]:
    """Split a SQL script into statements.

    Returns:
        Statements without their terminator, with the 1-based line they start on.
    """
    out: list[Statement] = []
    delimiter = ";"
    buf: list[str] = []
    start_line = 0
    i, line, n = 0, 1, len(text)

    def flush() -> None:
        body = "".join(buf).strip()
        if body and any(ln.strip() and not ln.strip().startswith("--") for ln in body.splitlines()):
            out.append(Statement(body, start_line or line))
        buf.clear()

    at_line_start = True
    while i < n:
        if at_line_start:
            end = text.find("\n", i)
            end = n if end < 0 else end
            raw = text[i:end]
            stripped = raw.strip()
            if dialect == "mysql" and stripped.upper().startswith("DELIMITER ") and not _has_code(buf):
                delimiter = stripped.split(None, 1)[1]
                i, line = end + 1, line + 1
                continue
            if stripped.startswith("\\") and not _has_code(buf):
                i, line = end + 1, line + 1
                continue
            at_line_start = False
        ch = text[i]
        if not "".join(buf).strip() and not ch.isspace() and not text.startswith("--", i):
            start_line = line
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            buf.append(text[i:end])
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            chunk = text[i:end]
            buf.append(chunk)
            line += chunk.count("\n")
            i = end
            continue
        if ch in "'\"`":
            j = i + 1
            while j < n:
                if text[j] == "\\" and dialect == "mysql" and ch != "`":
                    j += 2
                    continue
                if text[j] == ch:
                    if j + 1 < n and text[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            chunk = text[i : j + 1]
            buf.append(chunk)
            line += chunk.count("\n")
            i = j + 1
            continue
        if ch == "$" and dialect == "postgres":
            found = _DOLLAR.match(text, i)
            if found:
                tag = found.group(0)
                end = text.find(tag, found.end())
                end = n if end < 0 else end + len(tag)
                chunk = text[i:end]
                buf.append(chunk)
                line += chunk.count("\n")
                i = end
                continue
        if text.startswith(delimiter, i):
            flush()
            i += len(delimiter)
            start_line = 0
            continue
        buf.append(ch)
        if ch == "\n":
            line += 1
            at_line_start = True
        i += 1
    flush()
    return out


def _has_code(buf: list[str]) -> bool:
    return any(ln.strip() and not ln.strip().startswith("--") for ln in "".join(buf).splitlines())


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
    for statement in split_script(text, dialect):
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


def _rollback(conn: Any, dialect: str) -> None:
    try:
        with conn.cursor() as cur:
            cur.execute("ROLLBACK")
    except Exception:  # nothing open: fine
        pass


def iter_statements(text: str, dialect: str) -> Iterator[str]:
    """The statement texts of a script (for tests and the fixpoint check)."""
    return (s.text for s in split_script(text, dialect))
