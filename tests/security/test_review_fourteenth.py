"""Attacks of the fourteenth reviewer (issue 11). Each test is the attack and failed before its fix:

* a MariaDB column whose name holds a backtick, in an index on the ENUM column being migrated:
  ``introspect_mysql`` wrapped index keys in backticks without doubling one inside, and the statement
  check took the two statements SQLGlot then read (an ``exp.Block``): ``mariadb < 001_expand_*.up.sql``
  ran ``DROP TABLE victim``;
* ``PYTHONPYCACHEPREFIX`` pointing into the checkout: Python loads ``<prefix>/<source path>`` ``.pyc``
  files, and an unchecked-hash one (PEP 552) shipped by the checkout ran inside ``guardian --no-exec``.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from attack_helpers import run

from codemods.enum_sql.common import RenderError, parse, statement

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r14", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_mysql, mysql = _fixtures.new_mysql, _fixtures.mysql


def _mariadb(db, path: Path) -> subprocess.CompletedProcess[bytes]:
    tool = shutil.which("mariadb") or shutil.which("mysql")
    if tool is None:
        pytest.skip("the mariadb/mysql client is not installed")
    cmd = [tool, "-h", db.dsn.host, "-P", str(db.dsn.port), "-u", db.dsn.user, db.dsn.database]
    if db.dsn.password:
        cmd.insert(1, f"--password={db.dsn.password}")
    with path.open("rb") as stdin:
        return subprocess.run(cmd, stdin=stdin, capture_output=True, timeout=120)


# -- 1. a backtick in a MariaDB index column ---------------------------------------------------------

_EVIL = "`x``); DROP TABLE victim; #`"


@pytest.mark.mysql
def test_a_backtick_in_a_mariadb_index_column_does_not_run_as_sql(mysql, tmp_path: Path) -> None:
    mysql.execute(f"CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL, {_EVIL} INT)")
    mysql.execute(f"CREATE INDEX ix ON t (s, {_EVIL})")
    mysql.execute("CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL)")
    mysql.execute("CREATE TABLE victim (x INT)")
    mysql.execute("INSERT INTO t VALUES (1, 'a', 1)")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "guardian.toml").write_text('[database]\ndialect = "mysql"\n')
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    assert code == 0, err
    files = sorted((repo / "out").glob("*.up.sql"))
    assert files
    failed = [(p.name, done.stderr) for p in files if (done := _mariadb(mysql, p)).returncode]
    victim = "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'victim'"
    assert mysql.rows(victim) == [(1,)], "mariadb < the files ran DROP TABLE victim from a column name"
    assert not failed, failed
    keys = "SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 't'"
    assert ("x`); DROP TABLE victim; #",) in mysql.rows(keys)


@pytest.mark.parametrize("dialect", ["mysql", "postgres"])
def test_a_statement_template_that_reads_as_several_statements_is_refused(dialect: str) -> None:
    quote = "`" if dialect == "mysql" else '"'
    template = f"CREATE INDEX ix ON t ({quote}x{quote}); DROP TABLE victim; -- {quote})"
    with pytest.raises(RenderError, match="not exactly one statement"):
        statement(template, dialect)
    with pytest.raises(RenderError, match="not exactly one statement"):
        parse(template, dialect)
    assert statement("CREATE INDEX ix ON t (x)", dialect) == "CREATE INDEX ix ON t(x)"
