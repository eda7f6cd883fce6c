"""On the real servers: the checks against live introspection give exactly the findings the DDL files give."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbcheck_cases import DDL, DIALECTS, FIXTURES, switched_for
from test_finding_kinds import CASES

from guardian.config_file import load_config
from planner.config import Config, DatabaseConfig
from planner.database import introspect
from planner.dbcheck import KINDS, CodeCheck, Switched, check_code
from planner.schema.ddl import read_ddl_text

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "sample_repo"


def _shape(result: CodeCheck) -> list[tuple[str, str, int, str, str]]:
    return [(f.kind, f.path, f.line, f.subject, f.excerpt) for f in result.findings]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_case_gives_the_same_findings_live_and_from_ddl(write_tree, live_db, dialect: str) -> None:
    live = introspect(live_db(dialect, FIXTURES / f"schema.{dialect}.sql"))
    ddl = read_ddl_text(DDL[dialect], dialect)
    files: dict[str, str] = {}
    for number, case in enumerate(CASES):  # every case's "before" in one tree, each in its own file
        files[f"case{number}/{case.file}"] = case.before
    root = write_tree(files)
    config = Config(root=root, database=DatabaseConfig(dialect=dialect))
    switched = switched_for(dialect)
    from_ddl = check_code(config, ddl, switched=switched)
    from_live = check_code(config, live, switched=switched)
    assert {kind for kind, *_ in _shape(from_ddl)} == {c.kind for c in CASES} == set(KINDS)  # every kind
    assert _shape(from_live) == _shape(from_ddl)
    assert [(f.database, f.hint) for f in from_live.findings] == [(f.database, f.hint) for f in from_ddl.findings]


@pytest.mark.parametrize(("dialect", "schema"), [("postgres", "schema.sql"), ("mysql", "schema.mysql.sql")])
def test_sample_repo_live_equals_ddl(sample_copy: Path, live_db, dialect: str, schema: str) -> None:
    pyproject = sample_copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace('schema = ["db/schema.sql"]', f'schema = ["db/{schema}"]')
    pyproject.write_text(text.replace('dialect = "postgres"', f'dialect = "{dialect}"'), encoding="utf-8")
    config = load_config(sample_copy)
    from_ddl = read_ddl_text((sample_copy / "db" / schema).read_text(encoding="utf-8"), dialect)
    from_live = introspect(live_db(dialect, sample_copy / "db" / schema))
    ddl, live = check_code(config, from_ddl), check_code(config, from_live)
    assert len(ddl.findings) >= 10
    assert _shape(live) == _shape(ddl)
    # after the switch step (MariaDB's ENUMs are inline: its members are the columns' types)
    members = ("orderstatus", "status_enum") if dialect == "postgres" else ("legacy_orders.status", "invoices.status")
    switched = [Switched("order_status", members)]
    ddl, live = check_code(config, from_ddl, switched=switched), check_code(config, from_live, switched=switched)
    assert any(f.kind == "stale-after-switch" for f in ddl.findings)
    assert _shape(live) == _shape(ddl)
