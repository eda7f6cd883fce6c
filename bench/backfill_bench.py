"""Backfill benchmark on the local PostgreSQL (the batched backfill of ``guardian enums``' expand step).

Measures, in one run on a scratch database:

* rows/s of the generated batched backfill (the ``DO`` block of the expand step) on a table of
  ``--rows`` rows (default 1,000,000), beside a single ``UPDATE ... SET new = old::text::new_type``
  on an identical copy of the table;
* the longest time any expand statement holds an ACCESS EXCLUSIVE lock on the table, sampled from
  ``pg_locks`` by a second connection every millisecond.

Targets: batched backfill within 2x of the single UPDATE; no ACCESS EXCLUSIVE lock held > 100 ms.

Usage: ``python bench/backfill_bench.py [--rows N] [--batch-size N] [--dsn URL] [--json]``
(DSN default: $GUARDIAN_TEST_PG_DSN or postgresql://postgres@127.0.0.1:5432/postgres).
Exit status 0 when both targets are met, 3 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codemods.enum_sql import generate  # noqa: E402
from codemods.enum_sql.runner import run_script  # noqa: E402
from planner.config import Config, EnumOverride  # noqa: E402
from planner.enums_plan import plan_consolidations  # noqa: E402
from planner.schema.connect import connect, parse_dsn  # noqa: E402
from planner.schema.introspect_pg import introspect_postgres  # noqa: E402
from planner.schema.sql_statements import Statement  # noqa: E402

SCHEMA = """
CREATE TYPE legacy_state AS ENUM ('pending', 'paid', 'shipped', 'canceled');
CREATE TYPE order_state AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');
CREATE TABLE {table} (id bigint PRIMARY KEY, customer text NOT NULL, state legacy_state NOT NULL DEFAULT 'pending',
                      amount integer NOT NULL);
INSERT INTO {table} SELECT g, 'c' || (g % 997), (ARRAY['pending','paid','shipped','canceled'])[1 + g % 4]::legacy_state,
       g % 1000 FROM generate_series(1, {rows}) g;
CREATE INDEX {table}_state_idx ON {table} (state);
ANALYZE {table};
"""


class LockWatch(threading.Thread):
    """Samples pg_locks for granted ACCESS EXCLUSIVE locks on one table; keeps the longest span."""

    def __init__(self, dsn: Any, table: str) -> None:
        super().__init__(daemon=True)
        self.conn = connect(dsn)
        self.table = table
        self.stop = threading.Event()
        self.longest = 0.0
        self.spans = 0

    def run(self) -> None:
        held_since: float | None = None
        with self.conn.cursor() as cur:
            while not self.stop.is_set():
                cur.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND granted AND "
                    "mode = 'AccessExclusiveLock' AND relation = to_regclass(%s)",
                    (self.table,),
                )
                held = cur.fetchone()[0] > 0
                now = time.perf_counter()
                if held and held_since is None:
                    held_since = now
                    self.spans += 1
                elif not held and held_since is not None:
                    self.longest = max(self.longest, now - held_since)
                    held_since = None
                time.sleep(0.001)
            if held_since is not None:
                self.longest = max(self.longest, time.perf_counter() - held_since)
        self.conn.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument(
        "--dsn", default=os.environ.get("GUARDIAN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    server = parse_dsn(args.dsn)
    name = f"guardian_bench_{uuid.uuid4().hex[:8]}"
    admin = connect(server)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = _bench(server.with_database(name), args.rows, args.batch_size)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    ok = result["ratio"] <= 2.0 and result["longest_access_exclusive_ms"] <= 100
    result["targets_met"] = ok
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"rows: {result['rows']:,}  batch size: {result['batch_size']:,}")
        print(
            f"single UPDATE      : {result['single_update_s']:.2f} s  ({result['single_update_rows_per_s']:,.0f} rows/s)"
        )
        print(
            f"batched backfill   : {result['backfill_s']:.2f} s  ({result['backfill_rows_per_s']:,.0f} rows/s)"
            f"  = {result['ratio']:.2f}x the single UPDATE (target <= 2x)"
        )
        print(
            f"longest ACCESS EXCLUSIVE hold during expand: {result['longest_access_exclusive_ms']:.1f} ms "
            f"(target <= 100 ms; {result['access_exclusive_spans']} spans)"
        )
        for stmt in result["slowest_statements"]:
            print(f"  {stmt['seconds']:.3f} s  line {stmt['line']}: {stmt['sql']}")
        print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 3


def _bench(dsn: Any, rows: int, batch: int) -> dict[str, Any]:
    conn = connect(dsn)
    conn.execute(SCHEMA.format(table="orders", rows=rows))
    conn.execute(_copy_sql())
    # baseline: one UPDATE through text on an identical table (no trigger, nothing else running)
    conn.execute("ALTER TABLE orders_copy ADD COLUMN state_new order_state")
    started = time.perf_counter()
    conn.execute(
        "UPDATE orders_copy SET state_new = (CASE state::text WHEN 'canceled' THEN 'cancelled' "
        "ELSE state::text END)::order_state"
    )
    single = time.perf_counter() - started
    conn.execute("DROP TABLE orders_copy")
    schema = introspect_postgres(conn)
    config = Config(
        root=Path("."), enums=(EnumOverride("order_state", ("legacy_state",), (("canceled", "cancelled"),)),)
    )
    steps = generate(plan_consolidations(config, schema), schema, "postgres", batch_size=batch)
    timings: list[tuple[float, Statement]] = []
    watch = LockWatch(dsn, "public.orders")
    watch.start()
    time.sleep(0.05)
    run_script(conn, steps[0].up, "postgres", "expand.up.sql", on_statement=lambda s, t: timings.append((t, s)))
    watch.stop.set()
    watch.join()
    backfill = sum(t for t, s in timings if "DO $em$" in s.text and "_em_step" in s.text)
    mapped = conn.execute(
        "SELECT count(*) FROM orders WHERE state_new::text = "
        "(CASE state::text WHEN 'canceled' THEN 'cancelled' ELSE state::text END)"
    ).fetchone()[0]
    conn.close()
    if mapped != rows:
        raise SystemExit(f"backfill incomplete: {mapped} of {rows} rows mapped")
    slowest = sorted(timings, key=lambda ts: -ts[0])[:5]
    return {
        "rows": rows,
        "batch_size": batch,
        "single_update_s": round(single, 3),
        "single_update_rows_per_s": round(rows / single),
        "backfill_s": round(backfill, 3),
        "backfill_rows_per_s": round(rows / backfill),
        "ratio": round(backfill / single, 3),
        "longest_access_exclusive_ms": round(watch.longest * 1000, 1),
        "access_exclusive_spans": watch.spans,
        "slowest_statements": [
            {"seconds": round(t, 3), "line": s.line, "sql": " ".join(s.text.split())[:90]} for t, s in slowest
        ],
    }


def _copy_sql() -> str:
    return (
        "CREATE TABLE orders_copy (id bigint PRIMARY KEY, customer text NOT NULL, state legacy_state NOT NULL "
        "DEFAULT 'pending', amount integer NOT NULL); INSERT INTO orders_copy SELECT * FROM orders; "
        "CREATE INDEX orders_copy_state_idx ON orders_copy (state); ANALYZE orders_copy;"
    )


if __name__ == "__main__":
    raise SystemExit(main())
