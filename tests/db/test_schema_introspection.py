"""Both schema paths give the same model: load the DDL into the server, introspect, compare."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from enumdb_helpers import live_schema

from planner.schema.ddl import read_ddl_files, read_ddl_text

SAMPLE_DB = (
    Path(__file__).resolve().parents[2] / "sample_repo" / "db"
)  # not imported from conftest: that module name is shared


@pytest.mark.postgres
def test_postgres_ddl_and_live_model_are_equal(pg):
    pg.load("schema.sql", "seed.sql")
    live = live_schema(pg)
    ddl = read_ddl_files([SAMPLE_DB / "schema.sql"], "postgres")
    assert live.signature() == ddl.signature()
    assert live.enum("orderstatus").labels == ("pending", "paid", "shipped", "canceled")
    assert [c.name for c in live.enum_columns("public.status_enum")] == ["status", "history"]
    assert live.table("invoices").primary_key == ("id",)


@pytest.mark.postgres
def test_live_model_sees_functions_and_partial_indexes(pg):
    pg.run(
        "CREATE TYPE e AS ENUM ('a', 'b'); CREATE TABLE t (id int PRIMARY KEY, v e);"
        "CREATE INDEX t_v ON t (id) WHERE v <> 'b';"
        "CREATE FUNCTION is_a(x e) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT x = 'a' $$;"
    )
    live = live_schema(pg)
    assert [(f.name, f.enums) for f in live.functions] == [("is_a", ("public.e",))]
    assert [i.predicate for i in live.indexes] == ["v <> 'b'::public.e"]  # qualified: empty search_path


@pytest.mark.postgres
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_pg_dump_schema_only_reads_like_the_source(pg):
    pg.load("schema.sql")
    pg.run("CREATE FUNCTION secret(x int) RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT x $$;")
    d = pg.dsn
    env = dict(os.environ, PGPASSWORD=d.password) if d.password else dict(os.environ)
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "-h", d.host, "-p", str(d.port), "-U", d.user, d.database],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    dump = "\\restrict abc123\n" + dump + "\n\\unrestrict abc123\n"  # what pg_dump >= 15.14 writes (T39)
    model = read_ddl_text(dump, "postgres", "dump.sql")
    ddl = read_ddl_files([SAMPLE_DB / "schema.sql"], "postgres")
    assert model.signature()["enum_types"] == ddl.signature()["enum_types"]
    assert model.signature()["columns"] == ddl.signature()["columns"]
    assert model.signature()["indexes"] == ddl.signature()["indexes"]
    assert model.signature()["checks"] == ddl.signature()["checks"]
    assert any("secret" in o or "FUNCTION" in o for o in model.opaque)


@pytest.mark.mysql
def test_mysql_ddl_and_live_model_are_equal(mysql):
    mysql.load("schema.mysql.sql", "seed.mysql.sql")
    live = live_schema(mysql)
    ddl = read_ddl_files([SAMPLE_DB / "schema.mysql.sql"], "mysql")
    assert live.signature() == ddl.signature()
    assert live.enum("legacy_orders.status").labels == ("pending", "paid", "shipped", "canceled")
    assert live.views[0].columns == ("invoices.amount_cents", "invoices.id", "invoices.order_id", "invoices.status")
