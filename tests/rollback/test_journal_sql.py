"""Database batches on the real PostgreSQL server: up.sql/down.sql journaled with the files.

The module creates its own database and drops it afterwards; without a server the tests skip with
the reason, except under CI=true where a missing server is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from treeutil import new_repo, snapshot

from rollback import BatchFailed, DatabaseRequired, Journal, SqlChange, Write

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.postgres

UP = (
    "CREATE TABLE journal_probe (id int PRIMARY KEY, status text NOT NULL);\n"
    "INSERT INTO journal_probe VALUES (1, 'new');\n"
)
DOWN = "DROP TABLE journal_probe;\n"


@pytest.fixture(scope="module")
def pg_url(scratch_pg: Callable[..., str]) -> str:
    return scratch_pg("guardian_journal")


@pytest.fixture
def executor(pg_url: str) -> Iterator[object]:
    """Runs a script in one transaction, as a caller of the journal would."""
    conn = psycopg.connect(pg_url)

    def run(sql: str) -> None:
        with conn.transaction():
            conn.execute(sql)

    yield run
    with conn.transaction():
        conn.execute("DROP TABLE IF EXISTS journal_probe")
    conn.close()


def _tables(pg_url: str) -> set[str]:
    with psycopg.connect(pg_url) as conn:
        return {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path, {"app/status.py": (b"STATUSES = ['new']\n", 0o644)})


def test_sql_batch_applies_and_reverts_with_its_files(repo: Path, pg_url: str, executor: object) -> None:
    original = snapshot(repo)
    journal = Journal(repo)
    manifest = journal.apply(
        "enum-001-expand",
        [Write("app/status.py", b"STATUSES = ['new', 'done']\n")],
        kind="enum",
        sql=SqlChange(UP, DOWN, "postgresql://postgres@127.0.0.1/x"),
        executor=executor,
    )  # type: ignore[arg-type]
    assert manifest.sql_state == "up-applied" and "journal_probe" in _tables(pg_url)
    assert (repo / manifest.up_sql).read_text() == UP and (repo / manifest.down_sql).read_text() == DOWN
    with pytest.raises(DatabaseRequired) as caught:
        journal.revert("enum-001-expand")
    assert caught.value.exit_code == 2 and "journal_probe" in _tables(pg_url)
    reverted = journal.revert("enum-001-expand", executor=executor)  # type: ignore[arg-type]
    assert reverted.status == "reverted" and reverted.sql_state == "down-applied"
    assert "journal_probe" not in _tables(pg_url) and snapshot(repo) == original


def test_failing_up_sql_restores_the_files(repo: Path, pg_url: str, executor: object) -> None:
    original = snapshot(repo)
    journal = Journal(repo)
    with pytest.raises(BatchFailed, match="up.sql") as caught:
        journal.apply(
            "enum-002",
            [Write("app/status.py", b"changed\n"), Write("app/new.py", b"")],
            sql=SqlChange(UP + "INSERT INTO no_such_table VALUES (1);\n", DOWN),
            executor=executor,
        )  # type: ignore[arg-type]
    assert "no_such_table" in str(caught.value) and "restored" in str(caught.value)
    assert snapshot(repo) == original and "journal_probe" not in _tables(pg_url)
    assert journal.get("enum-002").status == "failed"


def test_cli_revert_runs_down_sql_on_the_configured_database(repo: Path, pg_url: str, executor: object) -> None:
    (repo / "guardian.toml").write_text(f'[database]\ndsn = "{pg_url}"\ndialect = "postgres"\n')
    Journal(repo).apply("enum-003", [], kind="enum", sql=SqlChange(UP, DOWN), executor=executor)  # type: ignore[arg-type]
    listing = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "journal", "enum-003"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "down.sql: .guardian/journal/enum-003/down.sql" in listing.stdout
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "revert", "enum-003"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "reverted batch enum-003 (0 files, database)" in run.stdout
    assert "journal_probe" not in _tables(pg_url)


def _crash(action: str, repo: Path, dsn: str, crash_at: str) -> int:
    import rollback_scenario

    here = str(Path(rollback_scenario.__file__).parent)
    env = dict(
        os.environ, GUARDIAN_CRASH_AT=crash_at, PYTHONPATH=os.pathsep.join([here, os.environ.get("PYTHONPATH", "")])
    )
    return subprocess.run(
        [sys.executable, rollback_scenario.__file__, action, str(repo), dsn], env=env, capture_output=True, timeout=60
    ).returncode


@pytest.mark.parametrize(
    ("crash_at", "outcome"), [("after-op-2", "failed"), ("after-sql", "applied"), ("before-final-status", "applied")]
)
def test_sql_batch_killed_then_recovered(
    tmp_path: Path, pg_url: str, executor: object, crash_at: str, outcome: str
) -> None:
    import rollback_scenario

    repo = tmp_path / "repo"
    rollback_scenario.build(repo)
    original = snapshot(repo)
    assert _crash("apply-sql", repo, pg_url, crash_at) == -9
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "recover"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    manifest = Journal(repo).get("db")
    assert manifest.status == outcome
    assert ("crash_probe" in _tables(pg_url)) == (outcome == "applied")
    assert (snapshot(repo) == original) == (outcome == "failed")
    if outcome == "applied":
        assert Journal(repo).revert("db", executor=executor).status == "reverted"  # type: ignore[arg-type]
        assert snapshot(repo) == original and "crash_probe" not in _tables(pg_url)


@pytest.mark.parametrize("crash_at", ["revert-after-start", "revert-after-sql", "revert-after-op-1"])
def test_sql_revert_killed_then_recovered(tmp_path: Path, pg_url: str, executor: object, crash_at: str) -> None:
    import rollback_scenario

    repo = tmp_path / "repo"
    rollback_scenario.build(repo)
    original = snapshot(repo)
    Journal(repo).apply(
        "db",
        rollback_scenario.OPERATIONS[:3],
        sql=SqlChange(rollback_scenario.SQL_UP, rollback_scenario.SQL_DOWN),
        executor=executor,
    )  # type: ignore[arg-type]
    applied = snapshot(repo)
    assert _crash("revert-sql", repo, pg_url, crash_at) == -9
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "recover"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    manifest = Journal(repo).get("db")
    if crash_at == "revert-after-start":  # down.sql never ran: the batch stays applied, consistently
        assert manifest.status == "applied" and snapshot(repo) == applied and "crash_probe" in _tables(pg_url)
        Journal(repo).revert("db", executor=executor)  # type: ignore[arg-type]
    else:
        assert manifest.status == "reverted"
    assert snapshot(repo) == original and "crash_probe" not in _tables(pg_url)
