"""Issue 11, finding 4: hostile ENUM labels and identifiers cannot inject SQL into the generated files.

Each test is the attack: a schema whose labels carry the dollar-quote tags Guardian uses (``$fn$``,
``$em$``), quotes, backslashes and ``ROLLBACK; DROP TABLE victim``. The generated files are run
with the real clients a user runs them with (``psql -f``, ``mariadb < file``), not only through
Guardian's runner: the victim table survives, no client reports an error, and every label
round-trips as data through up and down.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_pg, new_mysql, pg, mysql = _fixtures.new_pg, _fixtures.new_mysql, _fixtures.pg, _fixtures.mysql
sys.path.insert(0, str(_DB))

from enumdb_helpers import state, steps_for  # noqa: E402 (after the sys.path entry above)

from codemods.enum_sql import SqlStep  # noqa: E402 (after the sys.path entry above)
from planner.config import EnumOverride  # noqa: E402 (after the sys.path entry above)

DROP = "ROLLBACK; DROP TABLE victim; --"
PG_TYPE = "$em$kind\nDROP TABLE victim;\n"  # a type name that ends a -- comment line
MY_TABLE = "t//x\nDROP TABLE victim; -- x"  # a table name that ends a -- comment line
PG_LABELS = [
    "plain",
    "$fn$ ; " + DROP,
    "$em$ ; " + DROP,
    "it's",
    "a\\",
    "semi;colon",
    "$$ " + DROP,
    "'; " + DROP,
    "$fn_1$",
    "\\'; " + DROP,
]
MY_LABELS = [
    "plain",
    "it's",
    "a\\",
    "\\'; " + DROP,
    "'); " + DROP,
    "semi;colon //",
    "x// " + DROP,
    "$fn$",
    "nl\nDELIMITER ;\nDROP TABLE victim;\nDELIMITER //\n",
    '"dq" `bt`',
]


def _lit(value: str, dialect: str) -> str:
    if dialect == "mysql":
        value = value.replace("\\", "\\\\")
    return "'" + value.replace("'", "''") + "'"


def _client(db, path: Path) -> subprocess.CompletedProcess[str]:
    if db.dsn.dialect == "postgres":
        tool = shutil.which("psql")
        if tool is None:
            pytest.skip("the psql client is not installed")
        cmd = [tool, "-X", "-q", "-d", db.url, "-f", str(path)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    tool = shutil.which("mariadb") or shutil.which("mysql")
    if tool is None:
        pytest.skip("the mariadb/mysql client is not installed")
    cmd = [tool, "-h", db.dsn.host, "-P", str(db.dsn.port), "-u", db.dsn.user, "--force", db.dsn.database]
    if db.dsn.password:
        cmd.insert(1, f"--password={db.dsn.password}")
    with path.open(encoding="utf-8") as stdin:
        return subprocess.run(cmd, stdin=stdin, capture_output=True, text=True, timeout=120, check=False)


def _run_files(db, steps: list[SqlStep], tmp_path: Path, direction: str) -> None:
    ordered = steps if direction == "up" else list(reversed(steps))
    for step in ordered:
        path = tmp_path / f"{step.stem}.{direction}.sql"
        path.write_text(step.up if direction == "up" else step.down, encoding="utf-8")
        done = _client(db, path)
        # psql without ON_ERROR_STOP and mariadb --force go on after an error: what the attack needs
        assert "ERROR" not in done.stderr, f"{path.name}: {done.stderr[:800]}"
        assert done.returncode == 0, f"{path.name}: {done.stderr[:800]}"
        assert db.rows("SELECT count(*) FROM victim") == [(1,)], f"{path.name} dropped the victim table"


@pytest.mark.postgres
def test_postgres_labels_cannot_end_the_dollar_quotes(pg, tmp_path):
    old = ", ".join(_lit(v, "postgres") for v in PG_LABELS)
    new = ", ".join(_lit(v, "postgres") for v in [*PG_LABELS[:-1], "Plain"])
    kind = '"' + PG_TYPE + '"'
    pg.run(
        "CREATE TABLE victim (id int);\nINSERT INTO victim VALUES (1);\n"
        f"CREATE TYPE {kind} AS ENUM ({old});\n"
        f'CREATE TYPE "$fn$target" AS ENUM ({new});\n'
        f'CREATE TABLE "$fn$t" (id int PRIMARY KEY, "$em$c" {kind} NOT NULL DEFAULT \'plain\', tags {kind}[]);\n'
        'CREATE INDEX "$em$i" ON "$fn$t" ("$em$c") WHERE "$em$c" <> '
        + _lit(PG_LABELS[1], "postgres")
        + ";\n"
        + "".join(
            f'INSERT INTO "$fn$t" VALUES ({i}, {_lit(v, "postgres")}, ARRAY[{_lit(v, "postgres")}]::{kind}[]);\n'
            for i, v in enumerate(PG_LABELS)
        )
    )
    steps = steps_for(pg, EnumOverride("$fn$target", (PG_TYPE,), ((PG_LABELS[-1], "Plain"),)))
    original = state(pg)
    _run_files(pg, steps, tmp_path, "up")
    expected = [*PG_LABELS[:-1], "Plain"]
    assert pg.rows('SELECT id, "$em$c"::text, tags::text[] FROM "$fn$t" ORDER BY id') == [
        (i, v, [v]) for i, v in enumerate(expected)
    ]
    assert pg.rows("SELECT count(*) FROM pg_type WHERE typname = %s", (PG_TYPE,)) == [(0,)]
    _run_files(pg, steps, tmp_path, "down")
    assert state(pg) == original
    assert pg.rows('SELECT id, "$em$c"::text FROM "$fn$t" ORDER BY id') == list(enumerate(PG_LABELS))


@pytest.mark.mysql
def test_mariadb_labels_cannot_end_quotes_or_delimiters(mysql, tmp_path):
    old = ", ".join(_lit(v, "mysql") for v in MY_LABELS)
    new = ", ".join(_lit(v, "mysql") for v in [*MY_LABELS[:-1], "other"])
    table = "`" + MY_TABLE + "`"
    mysql.run(
        "CREATE TABLE victim (id INT);\nINSERT INTO victim VALUES (1);\n"
        f"CREATE TABLE {table} (id INT PRIMARY KEY, `a$em$` ENUM({old}) NOT NULL DEFAULT 'plain', "
        f"`b` ENUM({new}) NULL, KEY `k;//` (`a$em$`));\n"
        + "".join(f"INSERT INTO {table} VALUES ({i}, {_lit(v, 'mysql')}, NULL);\n" for i, v in enumerate(MY_LABELS))
    )
    steps = steps_for(mysql, EnumOverride(MY_TABLE + ".b", (MY_TABLE + ".a$em$",), ((MY_LABELS[-1], "other"),)))
    original = state(mysql)
    _run_files(mysql, steps, tmp_path, "up")
    assert mysql.rows(f"SELECT id, `a$em$` FROM {table} ORDER BY id") == list(enumerate([*MY_LABELS[:-1], "other"]))
    _run_files(mysql, steps, tmp_path, "down")
    assert state(mysql) == original
    assert mysql.rows(f"SELECT id, `a$em$` FROM {table} ORDER BY id") == list(enumerate(MY_LABELS))


@pytest.mark.postgres
def test_postgres_long_column_names_get_a_short_parallel_column(pg, tmp_path):
    """A 63-byte column name + ``_new`` would be cut by the server onto the original name."""
    long = "c" * 63
    pg.run(
        "CREATE TABLE victim (id int);\nINSERT INTO victim VALUES (1);\n"
        "CREATE TYPE kind_a AS ENUM ('x', 'y');\nCREATE TYPE kind_b AS ENUM ('x', 'y');\n"
        f"CREATE TABLE t (id int PRIMARY KEY, {long} kind_a);\nCREATE TABLE u (id int PRIMARY KEY, k kind_b);\n"
        f"INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL);"
    )
    steps = steps_for(pg, EnumOverride("kind_b", ("kind_a",), ()))
    original = state(pg)
    _run_files(pg, steps, tmp_path, "up")
    assert pg.rows(f"SELECT id, {long}::text FROM t ORDER BY id") == [(1, "x"), (2, "y"), (3, None)]
    _run_files(pg, steps, tmp_path, "down")
    assert state(pg) == original


def test_derived_names_fit_the_server_limit_deterministically():
    from codemods.enum_sql.common import IdentifierTooLong, derived_name

    pg_name = derived_name("é" * 40, "_new")  # 80 bytes before the suffix
    assert len(pg_name.encode()) <= 63 and pg_name == derived_name("é" * 40, "_new") and pg_name.endswith("_new")
    my_name = derived_name("é" * 70, "_new", 64, chars=True)
    assert len(my_name) <= 64 and my_name.endswith("_new")
    with pytest.raises(IdentifierTooLong):
        derived_name("", "x" * 70, 64)


@pytest.mark.mysql
def test_mariadb_long_column_names_get_a_short_parallel_column(mysql, tmp_path):
    """A 64-character column + ``_new`` is over MariaDB's limit (it would refuse the file part-way)."""
    long = "c" * 64
    mysql.run(
        "CREATE TABLE victim (id INT);\nINSERT INTO victim VALUES (1);\n"
        f"CREATE TABLE t (id INT PRIMARY KEY, {long} ENUM('x', 'y', 'z') NULL, KEY {'k' * 64} ({long}));\n"
        "CREATE TABLE u (id INT PRIMARY KEY, k ENUM('x', 'y', 'zz') NULL);\n"
        "INSERT INTO t VALUES (1, 'x'), (2, 'z'), (3, NULL);"
    )
    steps = steps_for(mysql, EnumOverride("u.k", ("t." + long,), (("z", "zz"),)))
    original = state(mysql)
    _run_files(mysql, steps, tmp_path, "up")
    assert mysql.rows(f"SELECT id, {long} FROM t ORDER BY id") == [(1, "x"), (2, "zz"), (3, None)]
    _run_files(mysql, steps, tmp_path, "down")
    assert state(mysql) == original
