"""A real application checked code ↔ database: procrastinate's sdist from the registry (downloaded at
test time into a cache outside the repository, never committed).

procrastinate ships its PostgreSQL schema (``procrastinate/sql/schema.sql``), its raw SQL as a file of
named queries (``procrastinate/sql/queries.sql``) plus versioned migrations, and Django models of the
same tables (``procrastinate/contrib/django/models.py``, ``managed = False``). The schema is created on
the real server from the shipped ``schema.sql``; nothing of procrastinate is imported or run.
``guardian assess`` must run with no crash, and give the same findings live as from the DDL file.

The findings were read by hand (docs/code-database.md): the one reported is true —
``procrastinate_events.type`` is nullable in ``schema.sql`` (line 93) while the Django field
``type = models.CharField(...)`` (no ``null=True``) declares it NOT NULL.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guardian.cli import main

pytestmark = pytest.mark.slow

PACKAGE = ("procrastinate", "3.10.0")
CONFIG = """\
source_roots = ["procrastinate"]
exempt = ["**"]
[database]
schema = ["procrastinate/sql/schema.sql"]
dialect = "postgres"
"""


def _assess(root: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(
        main, ["--repo", str(root), "--json", "assess", "--no-baseline", *extra], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    database = json.loads(result.stdout)["database"]
    assert isinstance(database, dict)
    return database


def _shape(database: dict[str, object]) -> list[tuple[str, str, int, str]]:
    findings = database["code_findings"]
    assert isinstance(findings, list)
    return [(f["kind"], f["path"], f["line"], f["subject"]) for f in findings]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory, sdist) -> Path:
    source = sdist(*PACKAGE)
    root = tmp_path_factory.mktemp("procrastinate") / "procrastinate"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".complete"))
    (root / "guardian.toml").write_text(CONFIG, encoding="utf-8")
    return root


def test_assess_from_ddl_and_live_agree_and_the_findings_are_the_ones_judged_true(checkout: Path, scratch_pg) -> None:
    from_ddl = _assess(checkout)
    url = scratch_pg("dbcheck_procrastinate", checkout / "procrastinate/sql/schema.sql")
    live = _assess(checkout, "--dsn", url)
    assert (
        _shape(live)
        == _shape(from_ddl)
        == [("nullability-mismatch", "procrastinate/contrib/django/models.py", 141, "procrastinate_events.type")]
    )
    opaque = from_ddl["code_opaque"]
    assert isinstance(opaque, list) and all(o["path"].endswith(".sql") for o in opaque)


def test_a_misspelt_column_in_the_real_queries_is_found(checkout: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(checkout, copy, ignore=shutil.ignore_patterns(".guardian"))  # its own state, not the source's
    queries = copy / "procrastinate/sql/queries.sql"
    text = queries.read_text(encoding="utf-8")
    assert "SELECT status FROM procrastinate_jobs WHERE id = %(job_id)s;" in text
    line = text[: text.index("SELECT status FROM procrastinate_jobs WHERE id")].count("\n") + 1
    queries.write_text(
        text.replace(
            "SELECT status FROM procrastinate_jobs WHERE id = %(job_id)s;",
            "SELECT state FROM procrastinate_jobs WHERE id = %(job_id)s;",
        ),
        encoding="utf-8",
    )
    found = _shape(_assess(copy))
    assert ("unknown-column", "procrastinate/sql/queries.sql", line, "procrastinate_jobs.state") in found
    assert len(found) == 2
