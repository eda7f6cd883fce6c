"""Real servers for the code ↔ database tests: ``live_db(dialect, *sql_files)`` is the URL of a fresh
database loaded with the files, dropped when the module ends. Without a server the test is skipped
with the reason (a failure under CI=true)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codemods.enum_sql.runner import run_script
from planner.schema.connect import connect, parse_dsn

SERVERS = {
    "postgres": os.environ.get("GUARDIAN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"),
    "mysql": os.environ.get("GUARDIAN_TEST_MYSQL_DSN", "mysql://root@127.0.0.1:3306/mysql"),
}


@pytest.fixture(scope="module")
def live_db() -> Iterator[Callable[..., str]]:
    made: list[tuple[str, Any, str]] = []
    admins: dict[str, Any] = {}

    def create(dialect: str, *sql_files: Path) -> str:
        server = parse_dsn(SERVERS[dialect])
        if dialect not in admins:
            try:
                admins[dialect] = connect(server)
            except Exception as exc:  # noqa: BLE001 - InputError with the driver's reason, or the driver's own
                if os.environ.get("CI") == "true":
                    pytest.fail(f"{server.label} is not reachable: {exc}")
                pytest.skip(f"{server.label} is not reachable: {exc}")
        name = f"guardian_dbcheck_{uuid.uuid4().hex[:10]}"
        with admins[dialect].cursor() as cur:
            cur.execute(
                f'CREATE DATABASE "{name}"'
                if dialect == "postgres"
                else f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        made.append((dialect, admins[dialect], name))
        target = server.with_database(name)
        conn = connect(target)
        try:
            for path in sql_files:
                run_script(conn, path.read_text(encoding="utf-8"), dialect, path.name)
        finally:
            conn.close()
        scheme = "postgresql" if dialect == "postgres" else "mysql"
        password = f":{target.password}" if target.password else ""
        return f"{scheme}://{target.user}{password}@{target.host}:{target.port}/{name}"

    try:
        yield create
    finally:
        for dialect, admin, name in made:
            with admin.cursor() as cur:
                cur.execute(
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
                    if dialect == "postgres"
                    else f"DROP DATABASE IF EXISTS `{name}`"
                )
        for admin in admins.values():
            admin.close()
