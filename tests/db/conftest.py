"""Real-server fixtures: each test gets its own database, dropped afterwards.

DSNs come from GUARDIAN_TEST_PG_DSN / GUARDIAN_TEST_MYSQL_DSN (defaults: the local servers). A
missing server skips with the reason, except under CI=true where it fails the test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codemods.enum_sql.runner import run_script
from planner.schema.connect import Dsn, connect, parse_dsn

PG_DSN = os.environ.get("GUARDIAN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
MYSQL_DSN = os.environ.get("GUARDIAN_TEST_MYSQL_DSN", "mysql://root@127.0.0.1:3306/mysql")
SAMPLE_DB = Path(__file__).resolve().parents[2] / "sample_repo" / "db"


class Database:
    """A throwaway database: its DSN, an autocommit connection, and helpers to run SQL."""

    def __init__(self, dsn: Dsn, conn: Any) -> None:
        self.dsn, self.conn = dsn, conn

    @property
    def url(self) -> str:
        scheme = "postgresql" if self.dsn.dialect == "postgres" else "mysql"
        password = f":{self.dsn.password}" if self.dsn.password else ""
        return f"{scheme}://{self.dsn.user}{password}@{self.dsn.host}:{self.dsn.port}/{self.dsn.database}"

    def run(self, sql: str, source: str = "<test>") -> int:
        return run_script(self.conn, sql, self.dsn.dialect, source)

    def load(self, *names: str) -> None:
        for name in names:
            self.run((SAMPLE_DB / name).read_text(encoding="utf-8"), name)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(sql, params or None)
            return [tuple(r) for r in cur.fetchall()]

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        with self.conn.cursor() as cur:
            cur.execute(sql, params or None)


def _server(url: str) -> Dsn:
    dsn = parse_dsn(url)
    try:
        conn = connect(dsn)
    except Exception as exc:  # InputError with the driver's reason
        reason = f"{dsn.label} is not reachable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    conn.close()
    return dsn


def _make(admin_url: str) -> Iterator[Callable[[], Database]]:
    server = _server(admin_url)
    admin = connect(server)
    made: list[tuple[str, Any]] = []

    def factory() -> Database:
        name = f"guardian_test_{uuid.uuid4().hex[:12]}"
        with admin.cursor() as cur:
            cur.execute(
                f'CREATE DATABASE "{name}"'
                if server.dialect == "postgres"
                else f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        conn = connect(server.with_database(name))
        made.append((name, conn))
        return Database(server.with_database(name), conn)

    try:
        yield factory
    finally:
        for name, conn in made:
            conn.close()
            with admin.cursor() as cur:
                if server.dialect == "postgres":
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                else:
                    cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()


@pytest.fixture
def new_pg() -> Iterator[Callable[[], Database]]:
    """Factory of fresh PostgreSQL databases."""
    yield from _make(PG_DSN)


@pytest.fixture
def new_mysql() -> Iterator[Callable[[], Database]]:
    """Factory of fresh MariaDB/MySQL databases."""
    yield from _make(MYSQL_DSN)


@pytest.fixture
def pg(new_pg: Callable[[], Database]) -> Database:
    return new_pg()


@pytest.fixture
def mysql(new_mysql: Callable[[], Database]) -> Database:
    return new_mysql()
