"""Attacks of the twelfth reviewer (issue 11). Each test is the attack, run with the client a user runs
the files with (``psql -f``, ``mariadb <``) on the real servers, and failed before its fix:

* names that differ only in case: MariaDB takes a user column ``S_NEW`` for the parallel column
  ``s_new`` (and PostgreSQL an unquoted ``S_NEW`` of a schema file), so ``ADD COLUMN IF NOT EXISTS``
  skipped it and the backfill, swap and drop destroyed the user's data;
* a MariaDB trigger body ending in a ``-- ...`` (or ``# ...``) comment took the ``//`` after it on its
  line: the expand file failed after its ``DROP TRIGGER`` ran, and the table lost its trigger;
* a PostgreSQL label ending in a backslash, on a database with ``standard_conforming_strings = off``:
  ``'a\\'`` escaped its closing quote and the next label ran as code of a DO block (``psql -f`` dropped a
  table); the sync trigger's functions, parsed again in each application session, misread it too; and
  ``enums verify``'s copy did not carry the database's settings, so it saw nothing;
* ``TMPDIR`` inside the checkout, through a ``tmp -> ../outside`` symlink it ships: the start-up check
  called ``tempfile.gettempdir()``, which creates and unlinks a file there, before refusing; and with
  ``GUARDIAN_SCRATCH`` set it did not refuse at all.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from attack_helpers import git, mariadb_file, run, status_with_temporary_dir

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r12", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_pg, new_mysql, pg, mysql = _fixtures.new_pg, _fixtures.new_mysql, _fixtures.pg, _fixtures.mysql


def _repo(tmp_path: Path, schema: str = "", dialect: str = "mysql") -> Path:
    repo = tmp_path / "repo"
    (repo / "db").mkdir(parents=True)
    (repo / "m.py").write_text("x = 1\n")
    config = f'[database]\nschema = ["db/schema.sql"]\ndialect = "{dialect}"\n' if schema else ""
    (repo / "guardian.toml").write_text(config)
    (repo / "db" / "schema.sql").write_text(schema)
    return repo


def _files(repo: Path, kind: str = "up") -> list[Path]:
    return sorted((repo / "out").glob(f"*.{kind}.sql"), reverse=kind == "down")


def _psql(db, path: Path) -> subprocess.CompletedProcess[bytes]:
    tool = shutil.which("psql")
    if tool is None:
        pytest.skip("the psql client is not installed")
    cmd = [tool, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url, "-f", str(path)]
    return subprocess.run(cmd, capture_output=True, timeout=120)


# -- 1. names that differ only in case --------------------------------------------------------------


@pytest.mark.mysql
def test_a_mariadb_column_differing_only_in_case_is_not_taken_for_the_parallel_column(mysql, tmp_path: Path) -> None:
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL, S_NEW VARCHAR(40));\n"
        "CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL);\n"
        "INSERT INTO t VALUES (1, 'a', 'precious user data');\nINSERT INTO u VALUES (1, 'c');"
    )
    repo = _repo(tmp_path)
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    for path in _files(repo):
        if mariadb_file(mysql, path).returncode:
            break
    assert mysql.rows("SELECT S_NEW FROM t") == [("precious user data",)], "the files destroyed column S_NEW"
    assert code == 3, err
    assert "S_NEW" in err and "s_new" in err and "t" in err


@pytest.mark.mysql
def test_a_mariadb_index_differing_only_in_case_is_not_taken_for_the_index_copy(mysql, tmp_path: Path) -> None:
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL, n INT, KEY ix (s), KEY IX_NEW (n));\n"
        "CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL);\nINSERT INTO t VALUES (1, 'a', 7);"
    )
    repo = _repo(tmp_path)
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    for path in _files(repo):
        if mariadb_file(mysql, path).returncode:
            break
    indexes = (
        "SELECT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 't'"
    )
    assert ("IX_NEW",) in mysql.rows(indexes) or ("ix_new",) in mysql.rows(indexes), "the files dropped IX_NEW"
    assert code == 3, err
    assert "IX_NEW" in err


@pytest.mark.postgres
def test_an_unquoted_upper_case_column_of_a_postgres_schema_file_is_not_taken_for_the_parallel_column(
    pg, tmp_path: Path
) -> None:
    """PostgreSQL folds the unquoted ``S_NEW`` of a schema file to ``s_new``: the parallel column's name."""
    schema = (
        "CREATE TYPE st AS ENUM ('a', 'b');\nCREATE TYPE st2 AS ENUM ('a', 'b', 'c');\n"
        "CREATE TABLE t (id int PRIMARY KEY, s st NOT NULL, S_NEW st2);\n"
        "CREATE TABLE u (id int PRIMARY KEY, s st2 NOT NULL);\n"
    )
    pg.run(schema + "INSERT INTO t VALUES (1, 'a', 'c');")
    repo = _repo(tmp_path, schema, "postgres")
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    for path in _files(repo):
        if _psql(pg, path).returncode:
            break
    assert pg.rows("SELECT s_new::text FROM t") == [("c",)], "the files destroyed column S_NEW"
    assert code == 3, err
    assert "S_NEW" in err


# -- 2. a trigger body ending in a comment -----------------------------------------------------------


@pytest.mark.mysql
@pytest.mark.parametrize("tail", ["-- audit counter", "# audit counter", "/* audit counter */", "--"])
def test_a_mariadb_trigger_body_ending_in_a_comment_keeps_its_trigger(mysql, tmp_path: Path, tail: str) -> None:
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL, n INT);\n"
        "CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL, n INT);\n"
        "INSERT INTO t VALUES (1, 'a', 0);\nINSERT INTO u VALUES (1, 'c', 0);"
    )
    for table in ("t", "u"):
        mysql.execute(
            f"CREATE TRIGGER {table}_audit BEFORE UPDATE ON {table} FOR EACH ROW SET NEW.n = OLD.n + 1 {tail}"
        )
    triggers = (
        "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
        " AND trigger_name LIKE '%audit' ORDER BY 1"
    )
    repo = _repo(tmp_path)
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    assert code == 0, err
    for path in _files(repo, "up") + _files(repo, "down"):
        done = mariadb_file(mysql, path)
        assert mysql.rows(triggers) == [("t_audit",), ("u_audit",)], f"mariadb < {path.name} dropped a user trigger"
        assert done.returncode == 0, done.stderr
    mysql.execute("UPDATE t SET id = 1")
    assert mysql.rows("SELECT n FROM t") == [(1,)], "the restored trigger does not run"


# -- 3. a backslash in a PostgreSQL label under standard_conforming_strings = off ------------------

_HOSTILE = ")) THEN NULL; END IF; DROP TABLE victim; IF false THEN --"


def _backslash_schema() -> str:
    labels = "'a\\', '" + _HOSTILE + "', 'open'"
    return (
        f"CREATE TYPE status AS ENUM ({labels});\nCREATE TYPE status2 AS ENUM ({labels}, 'closed');\n"
        "CREATE TABLE t (id int PRIMARY KEY, s status NOT NULL);\nCREATE TABLE u (id int PRIMARY KEY, s status2 NOT NULL);\n"
    )


@pytest.mark.postgres
def test_a_backslash_label_stays_quoted_under_standard_conforming_strings_off(pg, tmp_path: Path) -> None:
    schema = _backslash_schema()
    pg.run(schema + "CREATE TABLE victim (id int);\nINSERT INTO victim VALUES (1);\nINSERT INTO t VALUES (1, 'a\\');")
    pg.execute(f'ALTER DATABASE "{pg.dsn.database}" SET standard_conforming_strings = off')
    repo = _repo(tmp_path, schema, "postgres")
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    assert code == 0, err
    alive = "SELECT to_regclass('victim') IS NOT NULL"
    for path in _files(repo, "up") + _files(repo, "down"):
        _psql(pg, path)
        assert pg.rows(alive) == [(True,)], f"psql -f {path.name} dropped the victim table"
    for path in _files(repo, "up"):
        assert _psql(pg, path).returncode == 0, f"{path.name} fails under standard_conforming_strings = off"
    assert pg.rows("SELECT s::text FROM t") == [("a\\",)]
    for path in _files(repo, "up") + _files(repo, "down"):
        text = path.read_text(encoding="utf-8")
        assert "\nSET standard_conforming_strings = on;\n" in text, path.name


@pytest.mark.postgres
def test_the_sync_trigger_reads_a_backslash_label_in_a_session_with_standard_conforming_strings_off(
    pg, tmp_path: Path
) -> None:
    """The application keeps writing between expand and contract, from sessions of its own setting."""
    schema = (  # a\ is mapped to A\ (a case variant): the mapping functions' bodies hold both
        "CREATE TYPE status AS ENUM ('a\\', 'open');\nCREATE TYPE status2 AS ENUM ('A\\', 'open', 'closed');\n"
        "CREATE TABLE t (id int PRIMARY KEY, s status NOT NULL);\nCREATE TABLE u (id int PRIMARY KEY, s status2 NOT NULL);\n"
    )
    pg.run(schema)
    repo = _repo(tmp_path, schema, "postgres")
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    assert code == 0, err
    for path in _files(repo, "up")[:1]:  # expand: the parallel columns and their sync triggers
        assert _psql(pg, path).returncode == 0
    import psycopg

    with psycopg.connect(pg.url, autocommit=True, options="-c standard_conforming_strings=off") as app:
        try:
            app.execute("INSERT INTO t (id, s) VALUES (2, E'a\\\\')")
        except psycopg.Error as exc:
            pytest.fail(f"an application insert fails under standard_conforming_strings = off: {exc}")
    assert pg.rows("SELECT s::text, s_new::text FROM t WHERE id = 2") == [("a\\", "A\\")]


@pytest.mark.postgres
def test_verify_copy_carries_the_databases_and_roles_settings(pg) -> None:
    import psycopg

    from codemods.enum_sql.scratch import scratch_copy

    pg.execute(f'ALTER DATABASE "{pg.dsn.database}" SET standard_conforming_strings = off')
    pg.execute(f'ALTER ROLE CURRENT_USER IN DATABASE "{pg.dsn.database}" SET search_path = "$user", other, public')
    pg.conn.close()  # the TEMPLATE copy needs the database to itself
    with scratch_copy(pg.dsn) as copy:  # a session on the copy, as psql opens one
        info = {"host": copy.host, "port": copy.port, "user": copy.user, "password": copy.password or None}
        with psycopg.connect(dbname=copy.database, **info) as conn:
            row = conn.execute("SELECT current_setting('standard_conforming_strings'), current_setting('search_path')")
            assert row.fetchone() == ("off", '"$user", other, public')


# -- 4. a temporary directory inside the checkout, through a symlink it ships ---------------------------


@pytest.mark.parametrize(
    ("variable", "relative", "scratch"),
    [("TMPDIR", False, False), ("TMPDIR", False, True), ("TEMP", False, False), ("TMPDIR", True, False)],
)
def test_a_temporary_directory_in_the_checkout_is_refused_before_anything_is_written_there(
    checkout: Path, outside: Path, tmp_path: Path, variable: str, relative: bool, scratch: bool
) -> None:
    (checkout / "tmp").symlink_to(os.path.relpath(outside, checkout))
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a link")
    os.utime(outside, ns=(0, 0))  # a file created and unlinked in it sets its mtime
    variables = {variable: "tmp" if relative else str(checkout / "tmp")}
    if scratch:
        (tmp_path / "scratch").mkdir()
        variables["GUARDIAN_SCRATCH"] = str(tmp_path / "scratch")
    done = status_with_temporary_dir(checkout, tmp_path, **variables)
    assert os.stat(outside).st_mtime_ns == 0, "a file was created and removed through the checkout's tmp symlink"
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert done.returncode == 2, done.stderr
    assert f"{variable}=" in done.stderr and "inside the repository" in done.stderr
