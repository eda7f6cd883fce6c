"""``guardian retire --run-sql`` on the real PostgreSQL server: the contract runs journaled, revert restores."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import run

from guardian.config_file import load_config
from guardian.tracking import CheckRecord, open_tracker

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.postgres

SAMPLE_DB = Path(__file__).resolve().parents[2] / "sample_repo" / "db"
TYPES = "SELECT typname FROM pg_type WHERE typtype = 'e' AND typnamespace = 'public'::regnamespace ORDER BY 1"


@pytest.fixture
def shop_url(scratch_pg: Callable[..., str]) -> str:
    return scratch_pg("guardian_retire", SAMPLE_DB / "schema.sql", SAMPLE_DB / "seed.sql")


def test_contract_runs_on_the_database_and_reverts(write_tree, shop_url: str) -> None:
    from codemods.enum_sql import generate
    from codemods.enum_sql.runner import run_script
    from planner.database import load_schema
    from planner.enums_plan import plan_consolidations

    root = write_tree(
        {
            "guardian.toml": f'source_roots = ["src"]\n[retirement]\nstability_seconds = 0\n'
            f'[database]\nschema = ["db/schema.sql"]\ndsn = "{shop_url}"\ndialect = "postgres"\n'
            '[enums]\norder_status = { merge = ["orderstatus", "status_enum"], '
            'map = { "canceled" = "cancelled" } }\n',
            "src/app/__init__.py": "",
        }
    )
    (root / "db").mkdir()
    shutil.copy(SAMPLE_DB / "schema.sql", root / "db" / "schema.sql")
    config = load_config(root)
    schema = load_schema(replace(config, database=replace(config.database, dsn=None)))  # the DDL, as retire reads it
    steps = generate(plan_consolidations(config, schema), schema, "postgres")
    with psycopg.connect(shop_url, autocommit=True) as conn:  # the DB team ran expand and switch earlier
        for step in steps:
            if not step.name.startswith("contract"):
                run_script(conn, step.up, "postgres", source=step.stem)
        before = [r[0] for r in conn.execute(TYPES).fetchall()]
    assert {"orderstatus", "status_enum", "order_status"} <= set(before)
    tracker = open_tracker(root, config)
    tracker.record_validation([CheckRecord("tests", "pass", "ok", {}, 0.1)])
    tracker.close()

    code, out, err = run(root, "retire", "--run-sql")
    assert code == 0, err
    assert "contract SQL ran on the database" in out and "retire-contract-1" in out
    with psycopg.connect(shop_url) as conn:
        after = [r[0] for r in conn.execute(TYPES).fetchall()]
    contract = "\n".join(step.up for step in steps if step.name.startswith("contract"))
    dropped = set(re.findall(r"DROP TYPE (?:IF EXISTS )?public\.(\w+)", contract, re.IGNORECASE))
    assert dropped and set(before) - set(after) == dropped and "order_status" in after  # what the contract drops
    migrations = open_tracker(root, config).enum_migrations()
    assert [(m.canonical, m.step, m.status) for m in migrations][-1] == ("order_status", "contract", "applied")
    assert json_status(root)["duplicate_enums_left"] == []

    code, _, err = run(root, "revert", "retire-contract-1")  # the journaled down SQL restores the old types
    assert code == 0, err
    with psycopg.connect(shop_url) as conn:
        assert [r[0] for r in conn.execute(TYPES).fetchall()] == before


def json_status(root: Path) -> dict:
    import json

    return json.loads(run(root, "--json", "status")[1])
