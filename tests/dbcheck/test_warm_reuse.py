"""A repeated ``assess`` reuses the last run's work (planner/dbcheck/reuse.py): its ``database``
report is byte-identical to a cold run's, it does not load SQLGlot when nothing changed, and an
edited SQL statement, ``.sql`` file or DDL file is read again (the findings follow the edit)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from planner.config import Config, DatabaseConfig
from planner.dbcheck import MemoryResultCache
from planner.dbcheck.reuse import ddl_schema
from planner.schema.ddl import read_ddl_files

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "sample_repo"
REPOSITORY = "src/shop/orders/repository.py"


def _assess(root: Path, *, cold: bool) -> tuple[str, bool]:
    """The ``database`` key of ``guardian assess --json`` as text, and whether the run imported SQLGlot."""
    if cold:
        shutil.rmtree(root / ".guardian", ignore_errors=True)
    command = [sys.executable, "-X", "importtime", "-m", "guardian", "--repo", str(root), "--json", "assess"]
    done = subprocess.run(
        [*command, "--no-baseline"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, check=True
    )
    imported = any(line.rsplit("|", 1)[-1].strip().startswith("sqlglot") for line in done.stderr.splitlines())
    return json.dumps(json.loads(done.stdout)["database"], sort_keys=True), imported


def _subjects(report: str, path: str = "") -> set[str]:
    return {f["subject"] for f in json.loads(report)["code_findings"] if f["path"].startswith(path)}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_warm_runs_equal_cold_ones_skip_sqlglot_and_follow_every_edit(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE_REPO, root)
    cold, loaded = _assess(root, cold=True)
    assert loaded and len(json.loads(cold)["code_findings"]) == 11
    warm, loaded = _assess(root, cold=False)
    assert warm == cold and not loaded  # nothing changed: every result from the cache, no SQLGlot

    _edit(root / REPOSITORY, "status, total_cents, placed_at FROM orders", "status, totl_cents, placed_at FROM orders")
    warm, loaded = _assess(root, cold=False)
    assert loaded and "orders.totl_cents" in _subjects(warm)
    assert warm == _assess(root, cold=True)[0]

    (root / "db" / "reports.sql").write_text("SELECT id, custmer FROM orders;\n", encoding="utf-8")
    warm, _ = _assess(root, cold=False)
    assert "orders.custmer" in _subjects(warm) and warm == _assess(root, cold=True)[0]

    _edit(root / "db" / "schema.sql", "total_cents", "totl_cents")  # the DDL changed: the schema is read again
    warm, loaded = _assess(root, cold=False)
    assert loaded and {"orders.custmer", "orders.total_cents"} <= _subjects(warm)
    assert "orders.totl_cents" not in _subjects(warm, REPOSITORY)  # the statement now names a real column
    assert warm == _assess(root, cold=True)[0]


def test_a_cached_schema_is_the_schema_the_ddl_gives_and_a_damaged_entry_is_read_again(tmp_path: Path) -> None:
    for name, dialect in (("schema.sql", "postgres"), ("schema.mysql.sql", "mysql")):
        config = Config(root=SAMPLE_REPO, database=DatabaseConfig(schema=(f"db/{name}",), dialect=dialect))
        expected = read_ddl_files([SAMPLE_REPO / "db" / name], dialect, root=SAMPLE_REPO)
        cache = MemoryResultCache()
        assert ddl_schema(config, cache) == expected and len(cache.entries) == 1
        assert ddl_schema(config, cache) == expected  # decoded from the entry
        assert expected.tables and expected.enum_types and (expected.indexes or expected.checks)
        for key in cache.entries:
            cache.entries[key] = [[cache.entries[key][0][0].replace('"', "'", 7)]]
        assert ddl_schema(config, cache) == expected  # not JSON any more: read from the DDL again
