"""assess reports code ↔ database findings, records them, and validate / the 6→7 gate fail on a new one;
``[database] accept`` is validated and accepted findings are shown as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from guardian.tracking import open_tracker
from planner.config import Config

CONFIG = """\
source_roots = ["src"]
pattern = "{{name}}"
[database]
schema = ["db/schema.sql"]
dialect = "postgres"
{accept}
[validate]
tests = "python -c \\"import sys; sys.exit(0)\\""
"""
SCHEMA = "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);\n"
DB_PY = """\
def names(cur):
    cur.execute("SELECT id, nam FROM customers")
    return cur.fetchall()
"""


@pytest.fixture
def repo(write_tree) -> Path:
    return write_tree(
        {
            "guardian.toml": CONFIG.format(accept=""),
            "db/schema.sql": SCHEMA,
            "src/app/__init__.py": "",
            "src/app/db.py": DB_PY,
        }
    )


def test_assess_prints_json_and_records_the_findings(repo: Path) -> None:
    code, out, _ = run(repo, "assess", "--no-baseline")
    assert code == 0
    assert "code ↔ database: 1 findings" in out
    assert "unknown-column" in out and "src/app/db.py:2" in out  # cells may be cut to the terminal width
    code, out, _ = run(repo, "--json", "assess", "--no-baseline")
    findings = json.loads(out)["database"]["code_findings"]
    assert [(f["kind"], f["path"], f["line"], f["subject"], f["accepted"]) for f in findings] == [
        ("unknown-column", "src/app/db.py", 2, "customers.nam", False)
    ]
    assert findings[0]["hint"] == "did you mean customers.name?"
    tracker = open_tracker(repo, Config(root=repo))
    recorded = tracker.latest("assessment")
    assert recorded is not None and recorded.payload["database"]["code_findings"] == findings
    assert "1 code ↔ database finding(s)" in str(tracker.phases()[0])
    code, _, _ = run(repo, "gate", "1")
    assert code == 0  # reality is documented: the 1->2 gate stays open with findings
    cache = repo / ".guardian/cache/dbcheck.json"
    assert cache.is_file()
    forged = cache.read_bytes().split(b"\n", 1)[1].replace(b'"unknown-column"', b'"positional-insert"')
    cache.write_bytes(b"0" * 64 + b"\n" + forged)  # a cache this user's key did not sign is ignored
    code, out, _ = run(repo, "--json", "assess", "--no-baseline")
    assert json.loads(out)["database"]["code_findings"] == findings


def test_validate_and_the_tests_gate_fail_on_a_finding_new_since_the_assessment(repo: Path) -> None:
    assert run(repo, "assess", "--no-baseline")[0] == 0
    code, out, _ = run(repo, "--json", "validate")
    checks = {c["check"]: c for c in json.loads(out)["checks"]}
    assert code == 0 and checks["code-database"]["status"] == "pass"
    assert run(repo, "gate", "6")[0] == 0

    (repo / "src/app/db.py").write_text(
        DB_PY
        + """
def add(cur, name):
    cur.execute("INSERT INTO customer (name) VALUES (%s)", (name,))
""",
        encoding="utf-8",
    )
    code, out, _ = run(repo, "--json", "validate")
    checks = {c["check"]: c for c in json.loads(out)["checks"]}
    assert code == 3 and checks["code-database"]["status"] == "fail"
    assert "src/app/db.py:6 [unknown-table] customer" in checks["code-database"]["detail"]
    code, out, _ = run(repo, "gate", "6")
    assert code == 3 and "code-database" in out

    (repo / "guardian.toml").write_text(
        CONFIG.format(
            accept='accept = [{ kind = "unknown-table", path = "src/app/*.py", reason = "created by the ETL job" }]'
        ),
        encoding="utf-8",
    )
    code, out, _ = run(repo, "--json", "validate")
    assert code == 0, out
    code, out, _ = run(repo, "assess", "--no-baseline")
    assert "code ↔ database: 2 findings (1 accepted)" in out and "accepted: created by the ETL job" in out


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ('accept = [{ kind = "unknown-tabel", path = "x.py", reason = "r" }]', "unknown kind 'unknown-tabel'"),
        ('accept = [{ kind = "unknown-table", path = "x.py" }]', "needs a reason"),
        ('accept = [{ kind = "unknown-table", path = "x.py", reason = "r", line = 3 }]', "unknown key 'line'"),
        ('accept = "everything"', "expected a list of tables"),
    ],
)
def test_bad_accept_entries_name_file_line_key_and_hint(repo: Path, accept: str, message: str) -> None:
    (repo / "guardian.toml").write_text(CONFIG.format(accept=accept), encoding="utf-8")
    code, _, err = run(repo, "assess", "--no-baseline")
    assert code == 2
    assert "guardian.toml:6: database.accept" in err and message in err and "hint:" in err


def test_switched_consolidations_come_from_the_tracking_records(repo: Path) -> None:
    from guardian.code_database import switched_groups

    tracker = open_tracker(repo, Config(root=repo))
    assert switched_groups(tracker.enum_migrations()) == []
    tracker.record_enum_migration("order_status", ["public.orderstatus"], "expand", "applied")
    assert switched_groups(tracker.enum_migrations()) == []
    tracker.record_enum_migration("order_status", ["public.orderstatus"], "switch", "applied")
    [group] = switched_groups(tracker.enum_migrations())
    assert (group.canonical, group.members) == ("order_status", ("public.orderstatus",))
    tracker.record_enum_migration("002_switch_order_status", [], "002", "reverted")  # what `enums revert` writes
    assert switched_groups(tracker.enum_migrations()) == []
    tracker.record_enum_migration("order_status", ["public.orderstatus"], "switch", "applied")
    tracker.record_enum_migration("order_status", ["public.orderstatus"], "contract", "applied")
    assert switched_groups(tracker.enum_migrations()) == []  # after contract the old names are the canonical ones


def test_assess_reports_code_still_on_the_old_column_after_the_switch(write_tree) -> None:
    root = write_tree(
        {
            "guardian.toml": CONFIG.format(accept=""),
            "db/schema.sql": "CREATE TYPE order_status AS ENUM ('new', 'paid');\n"
            "CREATE TYPE orderstatus AS ENUM ('new', 'paid');\n"
            "CREATE TABLE legacy (id integer PRIMARY KEY, state orderstatus, state_new order_status);\n",
            "src/app/__init__.py": "",
            "src/app/db.py": 'def f(cur):\n    cur.execute("SELECT id, state FROM legacy")\n',
        }
    )
    assert json.loads(run(root, "--json", "assess", "--no-baseline")[1])["database"]["code_findings"] == []
    open_tracker(root, Config(root=root)).record_enum_migration(
        "order_status", ["public.orderstatus"], "switch", "applied"
    )
    findings = json.loads(run(root, "--json", "assess", "--no-baseline")[1])["database"]["code_findings"]
    assert [(f["kind"], f["line"], f["subject"]) for f in findings] == [("stale-after-switch", 2, "legacy.state")]
