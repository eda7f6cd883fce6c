"""Issue 15 on the real servers: an application-style schema, up -> down -> up, and nothing but the migrated column changes.

The schema (``sql/app_schema_pg.sql``) has audit triggers on every table, ``updated_at``/``last_update``
and row-version triggers, a tsvector trigger, a partitioned table, views of views, materialized views,
a function and a domain over the kept type, and row-level security. Every table's rows are compared
as JSON (so the audit timestamps and the audit log itself), and every dependent object's definition.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from enumdb_helpers import down, live_schema, steps_for, up

from planner.config import Config
from planner.enums_plan import plan_consolidations

SQL = Path(__file__).resolve().parent / "sql"


def _rows_as_json(db: Any) -> dict[str, list[str]]:
    tables = db.rows(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1"
    )
    return {t: [r[0] for r in db.rows(f"SELECT to_jsonb(x)::text FROM {t} x ORDER BY 1")] for (t,) in tables}


def _definitions(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "views": db.rows(
            "SELECT c.relname, c.relkind::text, pg_get_viewdef(c.oid), c.relacl::text, c.reloptions, "
            "obj_description(c.oid, 'pg_class') FROM pg_class c "
            "WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace ORDER BY 1"
        ),
        "matview_rows": db.rows("SELECT rating::text, entries FROM festival_counts ORDER BY 1"),
        "triggers": db.rows(
            "SELECT pg_get_triggerdef(oid), tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
        ),
        "policies": db.rows("SELECT tablename, policyname, qual FROM pg_policies ORDER BY 1, 2"),
        "indexes": db.rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
        "functions": db.rows(
            "SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p "
            "WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1"
        ),
        "domains": db.rows(
            "SELECT t.typname, format_type(t.typbasetype, NULL) FROM pg_type t WHERE t.typtype = 'd' "
            "AND t.typnamespace = 'public'::regnamespace ORDER BY 1"
        ),
        "rls": db.rows(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('r', 'p') ORDER BY 1"
        ),
        "columns": db.rows(
            "SELECT attrelid::regclass::text, attname, format_type(atttypid, atttypmod), attnotnull "
            "FROM pg_attribute WHERE attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = "
            "'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm')) AND attnum > 0 AND NOT "
            "attisdropped ORDER BY 1, 2"
        ),
    }


@pytest.mark.postgres
def test_app_schema_up_down_up_changes_nothing_but_the_column(pg):
    pg.run((SQL / "app_schema_pg.sql").read_text(encoding="utf-8"), "app_schema_pg.sql")
    schema = live_schema(pg)
    [plan] = plan_consolidations(Config(root=Path(".")), schema)
    # the cheaper move: the 30-row table with one view chain, not the 400-row table everything else uses
    assert plan.canonical.name == "mpaa_rating"
    assert [(c.table, c.column) for c in plan.columns] == [("festival_entry", "rating")]
    assert (
        "keeping it rewrites 30 rows (moving it: 400 rows, 1 column, 2 views, 1 materialized view, 1 index, "
        "1 function; moving festival_rating: 30 rows, 1 column, 2 views, 1 materialized view, 1 index)" in plan.why
    )
    steps = steps_for(pg)
    rows, definitions = _rows_as_json(pg), _definitions(pg)
    audit = pg.rows("SELECT count(*) FROM audit_log")
    up(pg, steps)
    assert pg.rows(
        "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'festival_entry'::regclass "
        "AND attname = 'rating'"
    ) == [("mpaa_rating",)]
    assert pg.rows("SELECT count(*) FROM audit_log") == audit
    assert _rows_as_json(pg) == rows  # every last_update/updated_at/version/tsvector as it was
    assert pg.rows("SELECT entry_id, title FROM festival_adult_board ORDER BY 1")[:2] == [(4, "Film 4"), (9, "Film 9")]
    down(pg, steps)
    assert _rows_as_json(pg) == rows
    assert _definitions(pg) == definitions
    up(pg, steps)
    assert _rows_as_json(pg) == rows
    # the application's own writes still fire their triggers
    pg.execute("UPDATE festival_entry SET jury_note = 'late' WHERE entry_id = 1")
    assert pg.rows(
        "SELECT version, updated_at > now() - interval '1 minute' FROM festival_entry WHERE entry_id = 1"
    ) == [(2, True)]
    assert pg.rows("SELECT count(*) FROM audit_log") == [(audit[0][0] + 2,)]


def _mysql_rows(db: Any) -> dict[str, list[str]]:
    out = {}
    for (table,) in db.rows(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"
    ):
        cols = [
            c
            for (c,) in db.rows(
                "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                "DATABASE() AND TABLE_NAME = %s ORDER BY 1",
                (table,),
            )
        ]
        pairs = ", ".join(f"'{c}', `{c}`" for c in cols)
        out[table] = sorted(r[0] for r in db.rows(f"SELECT JSON_OBJECT({pairs}) FROM `{table}`"))
    return out


def _mysql_definitions(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "triggers": db.rows(
            "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, "
            "ACTION_STATEMENT, SQL_MODE, DEFINER FROM information_schema.TRIGGERS "
            "WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1"
        ),
        "views": db.rows(
            "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
            "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
        ),
        "columns": db.rows(
            "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, "
            "EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 3"
        ),
        "indexes": db.rows(
            "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2, 3"
        ),
    }


@pytest.mark.mysql
def test_mariadb_app_schema_up_down_up_changes_nothing_but_the_column(mysql):
    mysql.run((SQL / "app_schema_mysql.sql").read_text(encoding="utf-8"), "app_schema_mysql.sql")
    [plan] = plan_consolidations(Config(root=Path(".")), live_schema(mysql))
    assert plan.canonical.name == "film.rating"
    assert [(c.table, c.column) for c in plan.columns] == [("festival_entry", "rating")]
    steps = steps_for(mysql)
    rows, definitions = _mysql_rows(mysql), _mysql_definitions(mysql)
    up(mysql, steps)
    after = _mysql_rows(mysql)
    # only the migrated labels changed: no audit row, no version bump, no new last_update/updated_at
    assert after == {
        t: sorted(r.replace('"PG_13"', '"PG-13"').replace('"NC_17"', '"NC-17"') for r in rs) for t, rs in rows.items()
    }
    down(mysql, steps)
    assert _mysql_rows(mysql) == rows
    assert _mysql_definitions(mysql) == definitions  # triggers (order, sql_mode, definer), views, column positions
    up(mysql, steps)
    assert _mysql_rows(mysql) == after
    [(version, audits)] = mysql.rows(
        "SELECT (SELECT version FROM festival_entry WHERE entry_id = 1), "
        "(SELECT COUNT(*) FROM audit_log WHERE table_name = 'festival_entry')"
    )
    mysql.execute("UPDATE festival_entry SET jury_note = 'late' WHERE entry_id = 1")  # the application's write
    assert mysql.rows("SELECT version, updated_at > '2020-01-01' FROM festival_entry WHERE entry_id = 1") == [
        (version + 1, 1)
    ]
    assert mysql.rows("SELECT COUNT(*) FROM audit_log WHERE table_name = 'festival_entry'") == [(audits + 1,)]


@pytest.mark.postgres
def test_app_schema_by_a_role_that_may_not_set_replication_role(pg):
    """Without superuser or SET on session_replication_role, each batch disables the triggers inside its transaction."""
    import uuid

    from planner.schema.connect import connect

    role = f"guardian_test_owner_{uuid.uuid4().hex[:10]}"
    pg.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER")
    pg.execute(f"GRANT CREATE ON SCHEMA public TO {role}")
    owner = connect(pg.dsn.__class__(pg.dsn.dialect, pg.dsn.url, pg.dsn.host, pg.dsn.port, role, "", pg.dsn.database))
    try:
        db = type(pg)(
            owner_dsn := pg.dsn.__class__(
                pg.dsn.dialect, pg.dsn.url, pg.dsn.host, pg.dsn.port, role, "", pg.dsn.database
            ),
            owner,
        )
        assert owner_dsn.user == role
        db.run((SQL / "app_schema_pg.sql").read_text(encoding="utf-8"), "app_schema_pg.sql")
        assert db.rows("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == [(False,)]
        assert db.rows("SELECT has_parameter_privilege('session_replication_role', 'SET')") == [(False,)]
        from planner.enums_plan import trigger_mechanism

        schema = live_schema(db)
        festival = schema.table("public.festival_entry")
        assert festival is not None and trigger_mechanism(schema, festival)[0] == "disable per batch"
        assert trigger_mechanism(live_schema(pg), festival)[0] == "session_replication_role"  # the superuser
        steps = steps_for(db)
        assert "-- user triggers: disable per batch: festival_entry_audit" in steps[0].up
        rows, definitions = _rows_as_json(db), _definitions(db)
        up(db, steps)
        assert _rows_as_json(db) == rows
        down(db, steps)
        assert _rows_as_json(db) == rows and _definitions(db) == definitions  # every trigger enabled again
        up(db, steps)
        assert _rows_as_json(db) == rows
    finally:
        owner.close()
        pg.execute(f"REASSIGN OWNED BY {role} TO CURRENT_USER")
        pg.execute(f"DROP OWNED BY {role}")
        pg.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("extra", "refused"),
    [
        (
            "CREATE DOMAIN kids_rating AS festival_rating CHECK (VALUE <> 'NC-17')",
            "domain public.kids_rating is built on festival_rating",
        ),
        (
            "CREATE TYPE jury_vote AS (juror text, rating festival_rating)",
            "composite type public.jury_vote is built on festival_rating",
        ),
        (
            "CREATE POLICY festival_no_adult ON festival_entry USING (rating <> 'NC-17')",
            "festival_entry.rating is used by policy festival_no_adult on table public.festival_entry",
        ),
        (
            "ALTER TABLE festival_entry ADD COLUMN adult boolean GENERATED ALWAYS AS (rating = 'NC-17') STORED",
            "is used by default value for column adult",
        ),
        (
            "CREATE FUNCTION adult(r festival_rating) RETURNS boolean LANGUAGE sql AS $$ SELECT r = 'NC-17' $$",
            "function public.adult(public.festival_rating) takes or returns public.festival_rating",
        ),
        (
            "CREATE TABLE festival_archive (id int, rating festival_rating) PARTITION BY LIST (rating);"
            "CREATE TABLE festival_archive_g PARTITION OF festival_archive FOR VALUES IN ('G')",
            "festival_archive.rating is used by partitioned table public.festival_archive",
        ),
    ],
)
def test_what_cannot_move_is_refused_up_front(pg, extra, refused):
    """Issue 15, item 4: refused before any SQL exists, naming the object and the reason (exit 3)."""
    from planner.enums import PlanRefused

    pg.run((SQL / "app_schema_pg.sql").read_text(encoding="utf-8") + "\n" + extra + ";")
    with pytest.raises(PlanRefused) as caught:
        plan_consolidations(Config(root=Path(".")), live_schema(pg))
    assert refused in str(caught.value) and caught.value.exit_code == 3


def _bare_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "app"
    repo.mkdir()
    (repo / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "0"\n', encoding="utf-8")
    return repo


@pytest.mark.postgres
def test_enums_verify_passes_on_the_app_schema(pg, tmp_path, guardian):
    """Issue 15's "done when": verify passes, reporting only the column moved to the end."""
    import json

    pg.run((SQL / "app_schema_pg.sql").read_text(encoding="utf-8"), "app_schema_pg.sql")
    run = guardian(_bare_repo(tmp_path), "--json", "enums", "verify", "--dsn", pg.url)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["ok"] and report["schema_differences"] == []
    assert all(t["original"] == t["after_down"] for t in report["tables"])
    assert [m.split(":")[0] for m in report["column_order"]] == ["festival_entry", "festival_entry"]


@pytest.mark.mysql
def test_enums_verify_passes_on_the_mariadb_app_schema(mysql, tmp_path, guardian):
    import json

    mysql.run((SQL / "app_schema_mysql.sql").read_text(encoding="utf-8"), "app_schema_mysql.sql")
    run = guardian(_bare_repo(tmp_path), "--json", "enums", "verify", "--dsn", mysql.url)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["ok"] and report["schema_differences"] == [] and report["column_order"] == []


@pytest.mark.postgres
def test_a_function_naming_a_merged_type_in_its_body_is_listed_for_review(pg):
    pg.run(
        (SQL / "app_schema_pg.sql").read_text(encoding="utf-8") + "\n"
        "CREATE FUNCTION adult_entries() RETURNS bigint LANGUAGE sql AS "
        "$$ SELECT count(*) FROM festival_entry WHERE rating = 'NC-17'::festival_rating $$;"
    )
    [plan] = plan_consolidations(Config(root=Path(".")), live_schema(pg))
    assert [w for w in plan.warnings if "adult_entries" in w] == [
        "function public.adult_entries() names public.festival_rating in its body: nothing in the catalog depends "
        "on it, so after contract it fails at run time; review it"
    ]
    assert not [w for w in plan.warnings if "rating_rank" in w]  # it uses the kept type
