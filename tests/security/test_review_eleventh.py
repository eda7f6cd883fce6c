"""Attacks of the eleventh reviewer (issue 11) on the generated SQL. Each test is the attack, run with
the client a user runs the files with (``psql -f``, ``mariadb <``), and failed before its fix:

* a NUL byte in an ENUM label reached the files raw; psql drops the rest of a line after a NUL, so a
  quote stayed open and a hostile table name's text ran as SQL, or as a ``\\!`` shell command;
* a carriage return in a MariaDB table name: the ``mariadb`` client drops a CR before a LF, so the
  files altered another table (``t<LF>u`` for ``t<CR><LF>u``);
* files that do not say their encoding: under a client encoding where a byte >= 0x81 starts a
  two-byte character (``PGCLIENTENCODING=GBK``, ``mariadb --default-character-set=gbk``), a UTF-8
  label's last byte swallowed the quote (or the backslash) after it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from attack_helpers import run

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r11", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_pg, new_mysql, pg, mysql = _fixtures.new_pg, _fixtures.new_mysql, _fixtures.pg, _fixtures.mysql

SAMPLE_MYSQL = Path(__file__).resolve().parents[2] / "sample_repo" / "db" / "schema.mysql.sql"


def _repo(tmp_path: Path, schema: str, dialect: str, enums: str = "") -> Path:
    repo = tmp_path / "repo"
    (repo / "db").mkdir(parents=True)
    (repo / "app").mkdir()
    (repo / "app" / "m.py").write_text("x = 1\n")
    (repo / "guardian.toml").write_text(
        f'[database]\nschema = ["db/schema.sql"]\ndialect = "{dialect}"\n' + (f"[enums]\n{enums}\n" if enums else "")
    )
    (repo / "db" / "schema.sql").write_bytes(schema.encode("utf-8"))
    return repo


def _pg_schema(label: str, table: str) -> str:
    quoted = '"' + table.replace('"', '""') + '"'
    lit = "'" + label.replace("'", "''") + "'"
    return (
        f"CREATE TYPE kind_a AS ENUM ('x', {lit});\nCREATE TYPE kind_b AS ENUM ('x', {lit});\n"
        f"CREATE TABLE {quoted} (id int PRIMARY KEY, k kind_a DEFAULT {lit});\n"
        f"CREATE INDEX i1 ON {quoted} (k);\nCREATE TABLE u (id int PRIMARY KEY, k kind_b);\n"
    )


def _psql(db, path: Path, env: dict[str, str] | None = None) -> None:
    tool = shutil.which("psql")
    if tool is None:
        pytest.skip("the psql client is not installed")
    environ = {**os.environ, **(env or {})}
    subprocess.run([tool, "-X", "-q", "-d", db.url, "-f", str(path)], capture_output=True, env=environ, timeout=120)


def _mariadb(db, path: Path, *options: str) -> None:
    tool = shutil.which("mariadb") or shutil.which("mysql")
    if tool is None:
        pytest.skip("the mariadb/mysql client is not installed")
    cmd = [tool, "-h", db.dsn.host, "-P", str(db.dsn.port), "-u", db.dsn.user, "--force", *options, db.dsn.database]
    if db.dsn.password:
        cmd.insert(1, f"--password={db.dsn.password}")
    with path.open("rb") as stdin:
        subprocess.run(cmd, stdin=stdin, capture_output=True, timeout=120)


def _says_its_encoding_first(path: Path, statement: str) -> None:
    text = path.read_text(encoding="utf-8")
    first_non_ascii = min((i for i, c in enumerate(text) if ord(c) > 127), default=len(text))
    assert ("\n" + text).index(f"\n{statement}\n") < first_non_ascii, f"{path.name} does not say its encoding first"


def _files(repo: Path) -> list[Path]:
    out = repo / "out"
    return sorted(out.glob("*.up.sql")) + sorted(out.glob("*.down.sql"), reverse=True)


@pytest.mark.postgres
@pytest.mark.parametrize("how", ["sql", "shell"])
def test_a_nul_in_a_label_is_refused_not_written_for_psql(pg, tmp_path: Path, outside: Path, how: str) -> None:
    table = "t';ROLLBACK;DROP TABLE victim;--" if how == "sql" else f"t'\\! touch {outside}/pwned #"
    repo = _repo(tmp_path, _pg_schema("y\0", table), "postgres", 'kind_b = { merge = ["kind_a"] }')
    pg.run("CREATE TABLE victim (id int);\nINSERT INTO victim VALUES (1);")
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    for path in _files(repo):
        _psql(pg, path)
    assert not (outside / "pwned").exists(), "psql -f on the generated files ran a shell command"
    assert pg.rows("SELECT to_regclass('victim') IS NOT NULL") == [(True,)], "psql -f dropped the victim table"
    assert code == 2, err
    assert "db/schema.sql:1:" in err and "NUL" in err


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
def test_a_nul_anywhere_in_a_schema_file_is_refused_naming_the_line(tmp_path: Path, dialect: str) -> None:
    schema = "CREATE TABLE t (id int);\n\nCREATE TABLE `u\0` (id int);\n".replace(
        "`", '"' if dialect != "mysql" else "`"
    )
    repo = _repo(tmp_path, schema, dialect)
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    assert code == 2, err
    assert "db/schema.sql:3:" in err and "NUL" in err
    assert not (repo / "out").exists()


@pytest.mark.mysql
def test_a_carriage_return_in_a_live_mariadb_table_name_is_refused(mysql, tmp_path: Path) -> None:
    """The mariadb client reads ``leg<CR><LF>acy`` in a file as ``leg<LF>acy``: another table is altered.
    (A DDL file cannot hold it: it is read with universal newlines.)"""
    sample = SAMPLE_MYSQL.read_text(encoding="utf-8")
    mysql.run(re.sub(r"\blegacy_orders\b", "`leg\r\nacy`", sample))
    mysql.run("CREATE TABLE `leg\nacy` (id INT PRIMARY KEY, status VARCHAR(20))")  # another table
    columns = (
        "SELECT column_name, column_type FROM information_schema.columns"
        " WHERE table_schema = DATABASE() AND table_name = 'leg\nacy' ORDER BY 1"
    )
    before = mysql.rows(columns)
    repo = _repo(tmp_path, "", "mysql")
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    for path in _files(repo)[:1]:  # 001_expand...up.sql
        _mariadb(mysql, path)
    assert mysql.rows(columns) == before, "mariadb < file altered another table than the one the schema names"
    assert code == 2, err
    assert "leg\\r\\nacy" in err and "carriage return" in err


@pytest.mark.mysql
def test_a_nul_in_a_live_mariadb_label_is_refused(mysql, tmp_path: Path) -> None:
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, k ENUM('x', 'y\\0'));\nCREATE TABLE u (id INT, k ENUM('x', 'y\\0'));"
    )
    repo = _repo(tmp_path, "", "mysql")
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    assert code == 2, err
    assert mysql.dsn.database in err and "NUL" in err and "t.k" in err
    assert not (repo / "out").exists()


@pytest.mark.postgres
@pytest.mark.parametrize("encoding", ["GBK", "BIG5", "SJIS"])
def test_a_multibyte_client_encoding_cannot_swallow_a_quote_in_psql(pg, tmp_path: Path, encoding: str) -> None:
    schema = _pg_schema("y€", "t';ROLLBACK;DROP TABLE victim;--")
    repo = _repo(tmp_path, schema, "postgres", 'kind_b = { merge = ["kind_a"] }')
    pg.run("CREATE TABLE victim (id int);\nINSERT INTO victim VALUES (1);\n" + schema)
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    assert code == 0, err
    for path in _files(repo):
        _psql(pg, path, {"PGCLIENTENCODING": encoding})
        assert pg.rows("SELECT to_regclass('victim') IS NOT NULL") == [(True,)], f"{path.name} dropped the victim"
    assert pg.rows("SELECT count(*) FROM pg_type WHERE typname = 'kind_a'") == [(1,)], "the down files did not run"
    for path in _files(repo):  # a file says its encoding before any text that is not ASCII
        _says_its_encoding_first(path, "SET client_encoding = 'UTF8';")


@pytest.mark.mysql
@pytest.mark.parametrize("charset", ["gbk", "big5"])
def test_a_multibyte_client_charset_cannot_swallow_a_backslash_in_mariadb(mysql, tmp_path: Path, charset: str) -> None:
    """``'y⿿\\\\'`` is 79 E2 BF BF 5C 5C 27: in GBK, BF 5C is one character and ``\\'`` keeps the quote open."""
    schema = (
        SAMPLE_MYSQL.read_text(encoding="utf-8")
        .replace("'paid'", "'y⿿\\\\'")
        .replace("'shipped'", "'); DROP TABLE victim; -- '")
    )
    repo = _repo(tmp_path, schema, "mysql")
    mysql.run("CREATE TABLE victim (id INT);\nINSERT INTO victim VALUES (1);\n" + schema)
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    assert code == 0, err
    for path in _files(repo):
        _mariadb(mysql, path, f"--default-character-set={charset}")
        assert mysql.rows(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'victim'"
        ) == [(1,)], f"{path.name} dropped the victim table"
    for path in _files(repo):
        _says_its_encoding_first(path, "\\C utf8mb4")  # the client's command: SET NAMES is the server's only
