"""The database name reaching `pg_dump -d` / `psql -d` (the copy `enums verify` makes when the source
database is busy) names a database and nothing else: libpq reads a `-d` value holding `=` as a whole
connection string, where newer libpq versions have parameters that write files (`sslkeylogfile`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable

import pytest
from psycopg.conninfo import conninfo_to_dict

from codemods.enum_sql.scratch import database_conninfo

PG_ADMIN_DSN = os.environ.get("GUARDIAN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.mark.parametrize("name", ["shop", "x sslkeylogfile=/tmp/k", "it's", "a\\b", "host=evil dbname=x", "ünï"])
def test_the_database_argument_names_only_the_database(name: str) -> None:
    assert conninfo_to_dict(database_conninfo(name)) == {"dbname": name}


@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_libpq_reads_the_argument_as_the_database_name(scratch_pg: Callable[..., str]) -> None:
    """The real client: a name holding `=` is looked up as a database (and does not exist), instead of
    being read as connection parameters."""
    server = conninfo_to_dict(scratch_pg("conninfo"))
    where = ["-h", str(server.get("host", "127.0.0.1")), "-p", str(server.get("port", 5432))]
    user = ["-U", str(server.get("user", "postgres"))]
    run = subprocess.run(
        ["psql", "-X", *where, *user, "-d", database_conninfo("nope host=elsewhere"), "-c", ""],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert run.returncode != 0
    assert 'database "nope host=elsewhere" does not exist' in run.stderr, run.stderr


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_the_dump_fallback_copies_a_database_whose_name_holds_an_equals_sign() -> None:
    """The whole path on the real server: the source is busy (a session holds it), so the copy goes
    through pg_dump | psql, with a name libpq would otherwise read as parameters."""
    psycopg = pytest.importorskip("psycopg")
    from codemods.enum_sql.scratch import scratch_copy
    from planner.schema.connect import connect, parse_dsn

    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_ADMIN_DSN} is not reachable: {exc}")
        pytest.skip(f"PostgreSQL at {PG_ADMIN_DSN} is not reachable")
    name = f"gd_eq_{uuid.uuid4().hex[:8]} sslmode=disable"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        source = parse_dsn(PG_ADMIN_DSN).with_database(name)
        holder = connect(source)
        with holder.cursor() as cur:
            cur.execute("CREATE TABLE t (v text)")
            cur.execute("INSERT INTO t VALUES ('kept')")
        holder.commit()
        with scratch_copy(source) as copy, connect(copy) as conn, conn.cursor() as cur:
            cur.execute("SELECT v FROM t")
            assert cur.fetchall() == [("kept",)]
        holder.close()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
