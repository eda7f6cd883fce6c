"""The shared PostgreSQL tracking database (GUARDIAN_TRACKING_URL), on the real server.

Each test module run creates its own database and drops it afterwards. Without a server the tests
skip with the reason, except under CI=true where a missing server is a failure.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from test_tracking_concurrency import check_integrity, run_workers
from workflow_helpers import SEED_TABLES, plan_json

from guardian.tracking import CheckRecord, TrackingError, open_tracker
from planner.config import Config

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.postgres

ADMIN_DSN = os.environ.get("GUARDIAN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


def _with_database(dsn: str, name: str) -> str:
    base, _, _ = dsn.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def pg_url(scratch_pg: Callable[..., str]) -> str:
    return scratch_pg("guardian_tracking")


def test_same_tables_and_records_in_postgres(pg_url: str, tmp_path: Path) -> None:
    tracker = open_tracker(tmp_path, Config(root=tmp_path, required_roles=("Layer Guardian",)), pg_url)
    with psycopg.connect(pg_url) as conn:
        names = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert SEED_TABLES | {"guardian_schema"} <= names
    assert not (tmp_path / ".guardian" / "tracking.db").exists()
    plan = plan_json({1: ["a"]})
    tracker.record_plan(plan)
    tracker.record_approval(1, plan["batches"][0]["digest"], "Layer Guardian", "Ana")
    assert tracker.phase(3).status == "COMPLETE"
    run = tracker.record_validation([CheckRecord("tests", "fail", "50% of 100 failed", {"seconds": 1.5}, 1.5)])
    assert tracker.results(run) == [CheckRecord("tests", "fail", "50% of 100 failed", {"seconds": 1.5}, 1.5)]
    assert tracker.phase(6).status == "BLOCKED"
    tracker.close()
    again = open_tracker(tmp_path, Config(root=tmp_path), pg_url)  # a teammate opening the same database
    assert again.phase(3).status == "COMPLETE" and again.latest("plan").payload == plan
    again.close()


def test_four_processes_on_one_postgres_database(pg_url: str, tmp_path: Path) -> None:
    name = f"guardian_tracking_{uuid.uuid4().hex[:10]}"  # a fresh database: the workers race to migrate it
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _with_database(ADMIN_DSN, name)
    try:
        run_workers(tmp_path, url, 4, 15)
        tracker = open_tracker(tmp_path, Config(root=tmp_path), url)
        check_integrity(tracker, 4, 15)
        tracker.close()
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_unreachable_server_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(TrackingError, match="cannot connect") as info:
        open_tracker(tmp_path, Config(root=tmp_path), "postgresql://nobody:secret@127.0.0.1:1/none")
    assert info.value.exit_code == 2 and "secret" not in str(info.value)


def test_cli_records_in_postgres_when_the_url_is_set(pg_url: str, write_tree) -> None:
    import subprocess
    import sys

    root = write_tree(
        {
            "guardian.toml": 'source_roots = ["src"]\n[approvals]\nrequired_roles = ["Layer Guardian"]\n',
            "src/pkg/__init__.py": "",
            "src/pkg/a.py": "",
        }
    )
    plan = plan_json({1: ["a"]})
    (root / ".guardian").mkdir()
    (root / ".guardian" / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    env = {**os.environ, "GUARDIAN_TRACKING_URL": pg_url}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "guardian",
            "--repo",
            str(root),
            "approve",
            "1",
            "--by",
            "Ana",
            "--role",
            "Layer Guardian",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert not (root / ".guardian" / "tracking.db").exists()
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT batch_id, batch_digest, role, approver FROM v7_approvals WHERE approver = 'Ana'"
        ).fetchall()
    assert rows == [(1, plan["batches"][0]["digest"], "Layer Guardian", "Ana")]
    status = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(root), "--json", "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert json.loads(status.stdout)["tracking"].startswith("postgresql://")
