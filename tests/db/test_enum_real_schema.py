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
    tables = db.rows("SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1")
    return {t: [r[0] for r in db.rows(f"SELECT to_jsonb(x)::text FROM {t} x ORDER BY 1")] for (t,) in tables}


def _definitions(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "views": db.rows("SELECT c.relname, c.relkind::text, pg_get_viewdef(c.oid) FROM pg_class c "
                         "WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace ORDER BY 1"),
        "matview_rows": db.rows("SELECT rating::text, entries FROM festival_counts ORDER BY 1"),
        "triggers": db.rows("SELECT pg_get_triggerdef(oid), tgenabled::text FROM pg_trigger WHERE NOT tgisinternal "
                            "ORDER BY 1"),
        "policies": db.rows("SELECT tablename, policyname, qual FROM pg_policies ORDER BY 1, 2"),
        "indexes": db.rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
        "functions": db.rows("SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p "
                             "WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1"),
        "domains": db.rows("SELECT t.typname, format_type(t.typbasetype, NULL) FROM pg_type t WHERE t.typtype = 'd' "
                           "AND t.typnamespace = 'public'::regnamespace ORDER BY 1"),
        "rls": db.rows("SELECT relname, relrowsecurity FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                       "AND relkind IN ('r', 'p') ORDER BY 1"),
        "columns": db.rows("SELECT attrelid::regclass::text, attname, format_type(atttypid, atttypmod), attnotnull "
                           "FROM pg_attribute WHERE attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = "
                           "'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm')) AND attnum > 0 AND NOT "
                           "attisdropped ORDER BY 1, 2"),
    }


@pytest.mark.postgres
def test_app_schema_up_down_up_changes_nothing_but_the_column(pg):
    pg.run((SQL / "app_schema_pg.sql").read_text(encoding="utf-8"), "app_schema_pg.sql")
    schema = live_schema(pg)
    [plan] = plan_consolidations(Config(root=Path(".")), schema)
    # the cheaper move: the 30-row table with one view chain, not the 400-row table everything else uses
    assert plan.canonical.name == "mpaa_rating"
    assert [(c.table, c.column) for c in plan.columns] == [("festival_entry", "rating")]
    steps = steps_for(pg)
    rows, definitions = _rows_as_json(pg), _definitions(pg)
    audit = pg.rows("SELECT count(*) FROM audit_log")
    up(pg, steps)
    assert pg.rows("SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'festival_entry'::regclass "
                   "AND attname = 'rating'") == [("mpaa_rating",)]
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
    assert pg.rows("SELECT version, updated_at > now() - interval '1 minute' FROM festival_entry WHERE entry_id = 1") == [
        (2, True)]
    assert pg.rows("SELECT count(*) FROM audit_log") == [(audit[0][0] + 2,)]
