"""The golden SQL cases: each is a schema, its dialect and the configured overrides.

Regenerate after a reviewed change with ``python -m tests.enums.regenerate`` (then ``git diff``).
"""

from __future__ import annotations

from pathlib import Path

from codemods.enum_sql import SqlStep, generate
from planner.config import Config, EnumOverride
from planner.enums_plan import plan_consolidations
from planner.schema.ddl import read_ddl_files, read_ddl_text

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE_OVERRIDE = EnumOverride("order_status", ("orderstatus", "status_enum"), (("canceled", "cancelled"),))

#: A new canonical type (created by expand), an array column, a unique index and a multi-column CHECK.
NEW_TYPE_SCHEMA = """
CREATE TYPE "Ticket State" AS ENUM ('NEW', 'open', 'closed');
CREATE TYPE ticketstate AS ENUM ('new', 'open', 'done');
CREATE TABLE tickets (id bigint PRIMARY KEY, state "Ticket State" NOT NULL DEFAULT 'NEW', seen ticketstate[],
                      prio int NOT NULL, CONSTRAINT tickets_prio_chk CHECK (state <> 'closed' OR prio > 0));
CREATE TABLE jobs (id bigint PRIMARY KEY, state ticketstate);
CREATE UNIQUE INDEX jobs_one_new ON jobs (state) WHERE state = 'new';
"""
NEW_TYPE_OVERRIDE = EnumOverride("ticket_state", ("Ticket State", "ticketstate"), (("NEW", "new"), ("done", "closed")))


def cases() -> dict[str, list[SqlStep]]:
    """Every golden case name -> its generated steps."""
    pg = read_ddl_files([ROOT / "sample_repo/db/schema.sql"], "postgres")
    my = read_ddl_files([ROOT / "sample_repo/db/schema.mysql.sql"], "mysql")
    new = read_ddl_text(NEW_TYPE_SCHEMA, "postgres", "tickets.sql")
    return {
        "sample_postgres": generate(
            plan_consolidations(Config(root=ROOT, enums=(SAMPLE_OVERRIDE,)), pg), pg, "postgres"
        ),
        "sample_mysql": generate(plan_consolidations(Config(root=ROOT), my), my, "mysql"),
        "new_type_postgres": generate(
            plan_consolidations(Config(root=ROOT, enums=(NEW_TYPE_OVERRIDE,)), new), new, "postgres"
        ),
    }


def golden_files(case: str, steps: list[SqlStep]) -> dict[Path, str]:
    """Golden path -> expected text for one case."""
    out = {}
    for step in steps:
        out[GOLDEN / case / f"{step.stem}.up.sql"] = step.up
        out[GOLDEN / case / f"{step.stem}.down.sql"] = step.down
    return out
