"""``guardian enums verify|apply|revert`` end to end against the real servers."""

from __future__ import annotations

import json

import pytest
from enumdb_helpers import SAMPLE_OVERRIDE, state, steps_for

from codemods.enum_sql.round_trip import verify_steps


@pytest.mark.postgres
def test_verify_passes_on_the_sample_and_never_touches_the_source(pg, sample_copy, guardian):
    pg.load("schema.sql", "seed.sql")
    before = state(pg)
    run = guardian(sample_copy, "--json", "enums", "verify", "--dsn", pg.url)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["ok"] and report["steps"] == 3
    legacy = next(t for t in report["tables"] if t["table"] == "public.legacy_orders")
    assert legacy["rows"] == 7 and legacy["original"] == legacy["after_down"] != legacy["after_up"]
    assert state(pg) == before
    assert pg.rows(
        "SELECT count(*) FROM pg_database WHERE datname LIKE 'guardian\\_verify\\_%%' AND datname LIKE %s",
        (f"%{pg.dsn.database[:20]}%",),
    ) == [(0,)]
    human = guardian(sample_copy, "enums", "verify", "--dsn", pg.url)
    assert human.returncode == 0 and "OK: data and schema identical" in human.stdout


@pytest.mark.postgres
def test_verify_reports_a_down_that_loses_data(pg):
    pg.load("schema.sql", "seed.sql")
    steps = steps_for(pg, SAMPLE_OVERRIDE)
    broken = steps[0].__class__(
        steps[0].number,
        steps[0].name,
        steps[0].up,
        steps[0].down + "\nUPDATE legacy_orders SET status = NULL WHERE id = 4;\n",
        steps[0].dialect,
    )
    report = verify_steps(pg.dsn, [broken, *steps[1:]])
    assert not report.ok
    assert [t.table for t in report.tables if not t.ok] == ["public.legacy_orders"]


@pytest.mark.mysql
def test_verify_mysql_sample(mysql, tmp_path, guardian):
    mysql.load("schema.mysql.sql", "seed.mysql.sql")
    (tmp_path / "guardian.toml").write_text('[database]\ndialect = "mysql"\n', encoding="utf-8")
    run = guardian(tmp_path, "--json", "enums", "verify", "--dsn", mysql.url)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["ok"]


@pytest.mark.postgres
def test_apply_and_revert_a_step_through_the_journal(pg, sample_copy, guardian):
    pg.load("schema.sql", "seed.sql")
    before = state(pg)
    run = guardian(sample_copy, "--json", "enums", "apply", "1", "--dsn", pg.url)
    assert run.returncode == 0, run.stderr
    batch = json.loads(run.stdout)["batch"]
    assert batch == "enum-001-expand-order-status"
    assert pg.rows("SELECT count(*) FROM legacy_orders WHERE status_new::text = 'cancelled'") == [(2,)]
    entry = sample_copy / ".guardian" / "journal" / batch
    assert (entry / "up.sql").read_text().startswith("-- dialect: postgres")
    assert "DROP COLUMN IF EXISTS status_new" in (entry / "down.sql").read_text()
    listed = guardian(sample_copy, "--json", "journal")
    assert batch in listed.stdout
    again = guardian(sample_copy, "enums", "apply", "1", "--dsn", pg.url)
    assert again.returncode == 4, again.stderr  # already applied: a journal conflict
    back = guardian(sample_copy, "enums", "revert", batch, "--dsn", pg.url)
    assert back.returncode == 0, back.stderr
    assert state(pg) == before


@pytest.mark.postgres
def test_unknown_step_and_missing_dsn_are_usage_errors(pg, sample_copy, guardian):
    run = guardian(sample_copy, "enums", "apply", "9", "--dsn", pg.url)
    assert run.returncode == 2 and "no ENUM step '9'" in run.stderr and "Traceback" not in run.stderr
    run = guardian(sample_copy, "enums", "apply", "1")
    assert run.returncode == 2 and "--dsn" in run.stderr


@pytest.mark.postgres
def test_verify_passes_when_a_user_trigger_would_change_rows(pg, sample_copy, guardian):
    # issue 15: an "updated_at"-style trigger must not fire on Guardian's own backfill (up and down)
    pg.load("schema.sql", "seed.sql")
    pg.run(
        "ALTER TABLE legacy_orders ADD COLUMN touched integer NOT NULL DEFAULT 0;"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := OLD.touched + 1; "
        "RETURN NEW; END $$;"
        "CREATE TRIGGER legacy_touch BEFORE UPDATE ON legacy_orders FOR EACH ROW EXECUTE FUNCTION touch();"
    )
    run = guardian(sample_copy, "--json", "enums", "verify", "--dsn", pg.url)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["ok"] and all(t["equal"] for t in report["tables"])
    # issue 15: the moved column is reported with its consequence (PostgreSQL cannot put it back)
    moved = [m for m in report["column_order"] if m.startswith("legacy_orders:")]
    assert len(moved) == 2 and "after up" in moved[0] and "after down" in moved[1]
    assert "status 3 -> 5" in moved[0] and "INSERTs without a column list" in moved[0]
    text = guardian(sample_copy, "enums", "verify", "--dsn", pg.url)
    assert "schema (column order, not restorable on PostgreSQL): legacy_orders: column order differs" in text.stdout


@pytest.mark.postgres
def test_verify_exits_3_when_an_event_trigger_logs_the_ddl(pg, sample_copy, guardian):
    # a DDL-audit event trigger writes a row per ALTER TABLE: up, down cannot give the original data back
    pg.load("schema.sql", "seed.sql")
    name = "guardian_test_ddl_log_" + pg.dsn.database[-12:]
    pg.run(
        "CREATE TABLE ddl_log (id serial PRIMARY KEY, tag text);"
        "CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF to_regclass('public.ddl_log') IS NOT NULL THEN INSERT INTO public.ddl_log (tag) VALUES (tg_tag); END IF; "
        f"END $$; CREATE EVENT TRIGGER {name} ON ddl_command_end WHEN TAG IN ('ALTER TABLE') EXECUTE FUNCTION log_ddl();"
    )
    try:
        run = guardian(sample_copy, "--json", "enums", "verify", "--dsn", pg.url)
    finally:
        pg.run(f"DROP EVENT TRIGGER IF EXISTS {name}")
    assert run.returncode == 3, run.stderr
    report = json.loads(run.stdout)
    assert not report["ok"]
    assert [t["table"] for t in report["tables"] if not t["equal"]] == ["public.ddl_log"]
    assert "verification failed" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.postgres
def test_live_unique_constraint_on_enum_column_is_refused(pg, sample_copy, guardian):
    pg.load("schema.sql")
    pg.run("ALTER TABLE legacy_orders ADD CONSTRAINT legacy_one_status UNIQUE (customer, status)")
    run = guardian(sample_copy, "enums", "verify", "--dsn", pg.url)
    assert run.returncode == 3 and "unique constraint 'legacy_one_status'" in run.stderr
