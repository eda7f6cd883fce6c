"""Open a read connection from a DSN URL: ``postgresql://`` (psycopg 3) or ``mysql://`` / ``mariadb://`` (PyMySQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from planner.errors import InputError
from planner.redact import redact

PG_SCHEMES = ("postgresql", "postgres")
MYSQL_SCHEMES = ("mysql", "mariadb", "mysql+pymysql")


@dataclass(frozen=True)
class Dsn:
    """A parsed database URL; ``label`` is safe to print and journal (no password)."""

    dialect: str
    url: str
    host: str
    port: int
    user: str
    password: str
    database: str

    @property
    def label(self) -> str:
        scheme = "postgresql" if self.dialect == "postgres" else "mysql"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.database}"

    def with_database(self, database: str) -> Dsn:
        """The same server and credentials, another database."""
        return Dsn(self.dialect, self.url, self.host, self.port, self.user, self.password, database)


def parse_dsn(url: str) -> Dsn:
    """Parse a database URL.

    Returns:
        The parsed DSN.

    Raises:
        InputError: an unknown scheme or a URL without a database name.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise InputError(
            "--dsn", f"{_safe(url)} is not a valid URL ({exc})", hint="e.g. postgresql://user@host:5432/db"
        ) from None
    scheme = parts.scheme.lower()
    if scheme in PG_SCHEMES:
        dialect, port = "postgres", 5432
    elif scheme in MYSQL_SCHEMES:
        dialect, port = "mysql", 3306
    else:
        raise InputError(
            "--dsn",
            f"unsupported database URL scheme {parts.scheme!r}",
            hint="use postgresql://user@host:5432/db or mysql://user@host:3306/db",
        )
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise InputError("--dsn", f"{_safe(url)} names no database", hint="append /<database> to the URL")
    try:
        real_port = parts.port or port
    except ValueError:
        raise InputError("--dsn", f"{_safe(url)} has a bad port", hint="e.g. :5432") from None
    return Dsn(
        dialect,
        url,
        parts.hostname or "127.0.0.1",
        real_port,
        unquote(parts.username or ("postgres" if dialect == "postgres" else "root")),
        unquote(parts.password or ""),
        database,
    )


def _safe(url: str) -> str:
    return redact(url)


def connect(dsn: Dsn, *, autocommit: bool = True) -> Any:
    """Open a connection (psycopg or PyMySQL) to ``dsn``.

    Returns:
        A DB-API connection; PostgreSQL in autocommit mode unless asked otherwise.

    Raises:
        InputError: the server cannot be reached or refuses the login.
    """
    try:
        if dsn.dialect == "postgres":
            import psycopg

            conn = psycopg.connect(
                host=dsn.host,
                port=dsn.port,
                user=dsn.user,
                password=dsn.password or None,
                dbname=dsn.database,
                autocommit=autocommit,
                connect_timeout=10,
            )
            # the catalog's expressions (pg_get_expr, pg_get_viewdef) are written for the session's
            # setting: under "off" (per database or role) a backslash comes out doubled in a plain '...',
            # which the generated files (always "on") would read as two (issue 11, review 12)
            conn.execute("SET standard_conforming_strings = on")
            if not autocommit:
                conn.commit()
            return conn
        import pymysql

        return pymysql.connect(
            host=dsn.host,
            port=dsn.port,
            user=dsn.user,
            password=dsn.password,
            database=dsn.database,
            autocommit=autocommit,
            charset="utf8mb4",
            connect_timeout=10,
        )
    except Exception as exc:  # driver errors differ; all mean "cannot connect"
        first = redact(str(exc).strip().splitlines()[0], dsn=dsn.url) if str(exc).strip() else type(exc).__name__
        if dsn.password:
            first = first.replace(dsn.password, "***")
        raise InputError(
            "--dsn",
            f"cannot connect to {dsn.label}: {first}",
            hint="check the URL, that the server runs and that the database exists",
        ) from None
