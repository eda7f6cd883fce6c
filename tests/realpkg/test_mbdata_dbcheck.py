"""A real application with SQLAlchemy models and raw SQL checked code ↔ database: mbdata (the
MusicBrainz database's SQLAlchemy models, ~400 declarative classes, and its SQL scripts), its sdist
downloaded at test time into a cache outside the repository (never committed).

The database is built on the real PostgreSQL server from the SQL the sdist ships: the collation,
the enum types and ``CreateTables.sql`` (the ``musicbrainz`` schema, here in ``public``), then each
side schema (cover art, event art, documentation, wikidocs, statistics) from its own
``CreateTables.sql``. Nothing of mbdata is imported or run. ``guardian assess --dsn`` must run with
no crash; its findings were read by hand (docs/code-database.md) and all are true:

* ``type-mismatch`` x5: the generated models map array columns (``TEXT[]``, ``SMALLINT[]``,
  ``INTEGER[]``) as scalars (``Column(String)``, ``Column(Integer)``);
* ``unknown-table`` ``search.py:30``: ``SearchQueue`` (``mbdata.search_queue``) belongs to the search
  indexer's own setup, absent from the shipped schema;
* ``unknown-table`` x3 in ``CalculateRelatedTags.sql``: the script joins ``tmp_area_tag_count``,
  ``tmp_instrument_tag_count`` and ``tmp_series_tag_count``, which it never creates (it creates the
  artist, release, label and recording counts only): it fails there when run;
* ``positional-insert`` x22: ``INSERT INTO t VALUES`` / ``INSERT INTO t SELECT`` without a column list.

The temporary tables the script does create are known to its later statements, and a table name in
two schemas (``art_type``) is not reported as unknown.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guardian.cli import main

pytestmark = pytest.mark.slow

PACKAGE = ("mbdata", "31.0.1")
CONFIG = """\
source_roots = ["mbdata"]
exempt = ["**"]
[database]
dialect = "postgres"
"""
SIDE_SCHEMAS = {
    "caa": "cover_art_archive",
    "eaa": "event_art_archive",
    "documentation": "documentation",
    "wikidocs": "wikidocs",
    "statistics": "statistics",
}
JUDGED = [
    ("type-mismatch", "mbdata/models.py", 758, "artist_release.catalog_numbers"),
    ("type-mismatch", "mbdata/models.py", 779, "artist_release_group.secondary_type_child_orders"),
    ("type-mismatch", "mbdata/models.py", 780, "artist_release_group.secondary_types"),
    ("type-mismatch", "mbdata/models.py", 842, "cdtoc.track_offset"),
    ("type-mismatch", "mbdata/models.py", 859, "cdtoc_raw.track_offset"),
    ("unknown-table", "mbdata/search.py", 30, "search_queue"),
    ("unknown-table", "mbdata/sql/CalculateRelatedTags.sql", 180, "tmp_area_tag_count"),
    ("unknown-table", "mbdata/sql/CalculateRelatedTags.sql", 193, "tmp_instrument_tag_count"),
    ("unknown-table", "mbdata/sql/CalculateRelatedTags.sql", 206, "tmp_series_tag_count"),
]
POSITIONAL_INSERTS = {
    "mbdata/sql/CalculateRelatedTags.sql": [35, 43, 51, 59, 128, 141, 154, 167, 180, 193, 206, 246],
    "mbdata/sql/InsertDefaultRows.sql": [16, 23, 24, 26],
    "mbdata/sql/InsertTestData.sql": [282, 283, 284, 285, 286, 287],
}


def _script(source: Path, target: Path, before: str = "", after: str = "") -> Path:
    """``source`` without psql's meta-commands (``\\set ...``), which only psql understands."""
    lines = [line for line in source.read_text(encoding="utf-8").split("\n") if not line.startswith("\\")]
    target.write_text(before + "\n".join(lines) + after, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory, sdist) -> Path:
    root = tmp_path_factory.mktemp("mbdata") / "mbdata"
    shutil.copytree(sdist(*PACKAGE), root, ignore=shutil.ignore_patterns(".complete"))
    (root / "guardian.toml").write_text(CONFIG, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def database(checkout: Path, tmp_path_factory: pytest.TempPathFactory, scratch_pg) -> str:
    import psycopg

    from tests.conftest import PG_ADMIN_DSN

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'cube'").fetchone() is None:
            reason = "the PostgreSQL server lacks the cube extension (medium_index.toc is a CUBE)"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)
    sql, work = checkout / "mbdata/sql", tmp_path_factory.mktemp("mbdata_sql")
    (work / "00_cube.sql").write_text("CREATE EXTENSION IF NOT EXISTS cube;\n", encoding="utf-8")
    scripts = [
        work / "00_cube.sql",
        _script(sql / "CreateCollations.sql", work / "01_collations.sql", after="\nSET search_path = public;\n"),
        _script(sql / "CreateTypes.sql", work / "02_types.sql"),
        _script(sql / "CreateTables.sql", work / "03_tables.sql"),
    ]
    for number, (folder, schema) in enumerate(SIDE_SCHEMAS.items(), start=4):
        scripts.append(
            _script(
                sql / folder / "CreateTables.sql",
                work / f"{number:02d}_{folder}.sql",
                before=f"CREATE SCHEMA {schema};\n",
                after="\nSET search_path = public;\n",
            )
        )
    return str(scratch_pg("dbcheck_mbdata", *scripts))


def test_assess_runs_live_and_every_finding_is_one_judged_true(checkout: Path, database: str) -> None:
    result = CliRunner().invoke(
        main,
        ["--repo", str(checkout), "--json", "assess", "--no-baseline", "--dsn", database],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)["database"]
    found = [(f["kind"], f["path"], f["line"], f["subject"]) for f in report["code_findings"]]
    assert [f for f in found if f[0] != "positional-insert"] == JUDGED
    positional: dict[str, list[int]] = {}
    for kind, path, line, _ in found:
        if kind == "positional-insert":
            positional.setdefault(path, []).append(line)
    assert positional == POSITIONAL_INSERTS
    assert report["code_opaque"] == []
