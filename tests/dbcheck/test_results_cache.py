"""The code ↔ database results cache is the same signed-JSON store as the facts cache: a second run
reads back what the first saved (SQL results and per-file sites), a forged or damaged file is not read."""

from __future__ import annotations

from pathlib import Path

from dbcheck_cases import DDL, run_check

from guardian.dbcheck_cache import CACHE_PATH, JsonResultCache
from planner.config import Config, DatabaseConfig
from planner.dbcheck import check_code
from planner.schema.ddl import read_ddl_text

SOURCE = 'def run(cur, x):\n    cur.execute("SELECT id, nam FROM customers WHERE id = %s", (x,))\n'


def _check(root: Path, cache: JsonResultCache) -> list[tuple[str, int, str]]:
    config = Config(root=root, database=DatabaseConfig(dialect="postgres"))
    found = check_code(config, read_ddl_text(DDL["postgres"], "postgres"), cache=cache).findings
    return [(f.kind, f.line, f.subject) for f in found]


def test_a_second_run_reads_the_saved_results_and_a_forged_file_is_ignored(write_tree) -> None:
    root = write_tree({"app/db.py": SOURCE})
    first = JsonResultCache(root)
    expected = _check(root, first)
    assert expected == [("unknown-column", 2, "customers.nam")]
    first.save()
    second = JsonResultCache(root)
    assert len(second.entries) == len(first.entries) == 2  # the file's sites and the statement's result
    assert _check(root, second) == expected
    assert second.used == set(second.entries) and not second.dirty  # everything came from the file

    raw = (root / CACHE_PATH).read_bytes()
    (root / CACHE_PATH).write_bytes(raw.replace(b"customers.nam", b"customers.zzz"))
    assert JsonResultCache(root).entries == {}  # the signature no longer matches: not read
    assert run_check(root, "postgres").findings[0].subject == "customers.nam"
