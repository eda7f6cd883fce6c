"""``guardian enums sql`` and the database part of ``assess`` through the real command line (no server)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from golden_cases import GOLDEN


def test_sql_writes_the_golden_files(sample_copy, tmp_path, guardian):
    run = guardian(sample_copy, "--json", "enums", "sql", "-o", "db/migrations")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["dialect"] == "postgres" and len(data["files"]) == 6
    for name in data["files"]:
        written = (sample_copy / name).read_text(encoding="utf-8")
        assert written == (GOLDEN / "sample_postgres" / Path(name).name).read_text(encoding="utf-8")


def test_sql_is_recorded_in_the_tracking_database(sample_copy, guardian):
    from guardian.config_file import load_config
    from guardian.tracking import open_tracker

    assert guardian(sample_copy, "enums", "sql", "-o", "out").returncode == 0
    records = open_tracker(sample_copy, load_config(sample_copy)).enum_migrations()
    assert any(r.canonical == "order_status" and r.step == "generate" for r in records)


@pytest.mark.parametrize(
    ("dialect", "message"),
    [
        ("sqlite", "no ENUM SQL builder for this dialect"),
        ("oracle", "no ENUM SQL builder for this dialect"),
        ("mysql", "the schema was read as postgres"),
    ],
)
def test_unsupported_or_mismatched_dialect_exits_2(sample_copy, dialect, message, guardian):
    run = guardian(sample_copy, "enums", "sql", "--dialect", dialect)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr


def test_unparseable_ddl_exits_2_with_file_and_line(sample_copy, guardian):
    schema = sample_copy / "db" / "schema.sql"
    lines = schema.read_text(encoding="utf-8").splitlines()
    lines.insert(12, "CREATE TABLE broken (id int,, ;")
    schema.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (("enums", "sql"), ("assess",)):
        run = guardian(sample_copy, *args)
        assert run.returncode == 2, (args, run.stderr)
        assert re.search(r"db/schema\.sql:13: SQL does not parse", run.stderr), run.stderr
        assert "Traceback" not in run.stderr


def test_lossy_mapping_is_refused_with_exit_3(sample_copy, guardian):
    config = sample_copy / "pyproject.toml"
    text = config.read_text(encoding="utf-8").replace(
        'map = { "canceled" = "cancelled" }', 'map = { "canceled" = "cancelled", "shipped" = "paid" }'
    )
    config.write_text(text, encoding="utf-8")
    run = guardian(sample_copy, "enums", "sql")
    assert run.returncode == 3, run.stderr
    assert "both map to 'paid'" in run.stderr and "lossy = true" in run.stderr
    config.write_text(text.replace('"shipped" = "paid" }', '"shipped" = "paid" }, lossy = true'), encoding="utf-8")
    assert guardian(sample_copy, "enums", "sql").returncode == 0


def test_assess_json_database_part(sample_copy, guardian):
    run = guardian(sample_copy, "--json", "assess")
    assert run.returncode == 0, run.stderr
    database = json.loads(run.stdout)["database"]
    assert [t["name"] for t in database["enum_types"]] == [
        "order_status",
        "orderstatus",
        "status_enum",
        "payment_method",
        "stock_state",
    ]
    assert database["duplicate_enums"][0]["canonical"] == "order_status"
    assert database["duplicate_enums"][0]["members"] == ["orderstatus", "status_enum"]
    assert database["code_drift"] == [
        {
            "class": "shop.orders.models.OrderStatus",
            "path": "src/shop/orders/models.py",
            "line": database["code_drift"][0]["line"],
            "type": "order_status",
            "match": database["code_drift"][0]["match"],
            "score": database["code_drift"][0]["score"],
            "missing_in_database": ["refunded"],
            "missing_in_code": [],
        }
    ]
    from guardian.config_file import load_config
    from guardian.tracking import open_tracker

    records = open_tracker(sample_copy, load_config(sample_copy)).enum_migrations()
    assert [(r.canonical, r.members, r.step) for r in records] == [
        ("order_status", ("orderstatus", "status_enum"), "detect")
    ]


def test_bad_dsn_is_a_usage_error(sample_copy, guardian):
    run = guardian(sample_copy, "enums", "verify", "--dsn", "oracle://x/y")
    assert run.returncode == 2 and "unsupported database URL scheme" in run.stderr
    run = guardian(sample_copy, "enums", "verify", "--dsn", "postgresql://nobody@127.0.0.1:1/none")
    assert run.returncode == 2 and "cannot connect" in run.stderr and "Traceback" not in run.stderr


def test_review_shows_triggers_column_order_and_rebuilt_dependents(sample_copy, guardian):
    run = guardian(sample_copy, "--json", "enums", "review")
    assert run.returncode == 0, run.stderr
    [item] = json.loads(run.stdout)["consolidations"]
    invoices = next(t for t in item["tables"] if t["table"] == "public.invoices")
    assert invoices["columns"] == ["status", "history"]
    assert invoices["views"] == ["public.open_invoices"] and invoices["checks"] == ["invoices_paid_amount_chk"]
    # no database: the trigger mechanism is decided by the SQL at run time, and says so
    assert invoices["triggers"]["mechanism"] == "chosen at run time"
    assert "INSERTs without a column list" in invoices["column_order"][0]
    text = guardian(sample_copy, "enums", "review").stdout
    assert "user triggers: chosen at run time" in text and "column order: status moves from position 3" in text
    assert invoices["positional_code"] == []


def test_review_lists_the_code_a_moved_column_breaks(sample_copy, guardian):
    legacy = sample_copy / "src" / "shop" / "legacy_import.py"
    legacy.write_text(
        "def load(connection, rows):\n    with connection.cursor() as cur:\n"
        '        cur.executemany("INSERT INTO legacy_orders VALUES (%s, %s, %s, %s)", rows)\n',
        encoding="utf-8",
    )
    run = guardian(sample_copy, "--json", "enums", "review")
    assert run.returncode == 0, run.stderr
    tables = {t["table"]: t for t in json.loads(run.stdout)["consolidations"][0]["tables"]}
    [line] = tables["public.legacy_orders"]["positional_code"]
    assert line.startswith("src/shop/legacy_import.py:3: positional-insert:")
    assert tables["public.invoices"]["positional_code"] == []
