"""Helpers of the real-server ENUM tests: plans and steps for a live database, full cycles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codemods.enum_sql import SqlStep, generate
from codemods.enum_sql.round_trip import schema_signature, table_checksums
from planner.config import Config, EnumOverride
from planner.enums_plan import plan_consolidations
from planner.schema.model import Schema

SAMPLE_OVERRIDE = EnumOverride("order_status", ("orderstatus", "status_enum"), (("canceled", "cancelled"),))


def live_schema(db: Any) -> Schema:
    if db.dsn.dialect == "postgres":
        from planner.schema.introspect_pg import introspect_postgres

        return introspect_postgres(db.conn)
    from planner.schema.introspect_mysql import introspect_mysql

    return introspect_mysql(db.conn)


def steps_for(db: Any, *overrides: EnumOverride, batch_size: int = 5000, root: Path = Path(".")) -> list[SqlStep]:
    schema = live_schema(db)
    plans = plan_consolidations(Config(root=root, enums=tuple(overrides)), schema)
    return generate(plans, schema, db.dsn.dialect, batch_size=batch_size)


def state(db: Any) -> tuple[dict[str, tuple[int, str]], dict[str, Any]]:
    return table_checksums(db.conn, db.dsn.dialect), schema_signature(db.conn, db.dsn.dialect)


def up(db: Any, steps: list[SqlStep], upto: int | None = None) -> None:
    for step in steps[:upto]:
        db.run(step.up, f"{step.stem}.up.sql")


def down(db: Any, steps: list[SqlStep], downto: int = 0) -> None:
    for step in reversed(steps[downto:]):
        db.run(step.down, f"{step.stem}.down.sql")


def assert_every_file_runs_again(db: Any, steps: list[SqlStep]) -> None:
    """Each file, run a second time right after it ran (up in order, then down in reverse), changes nothing."""
    for step in steps:
        db.run(step.up)
        once = state(db)
        db.run(step.up)
        assert state(db) == once, step.stem
    for step in reversed(steps):
        db.run(step.down)
        once = state(db)
        db.run(step.down)
        assert state(db) == once, step.stem
