"""Attacks of the fourteenth reviewer (issue 11). Each test is the attack and failed before its fix:

* a MariaDB column whose name holds a backtick, in an index on the ENUM column being migrated:
  ``introspect_mysql`` wrapped index keys in backticks without doubling one inside, and the statement
  check took the two statements SQLGlot then read (an ``exp.Block``): ``mariadb < 001_expand_*.up.sql``
  ran ``DROP TABLE victim``;
* ``PYTHONPYCACHEPREFIX`` pointing into the checkout: Python loads ``<prefix>/<source path>`` ``.pyc``
  files, and an unchecked-hash one (PEP 552) shipped by the checkout ran inside ``guardian --no-exec``
  (``PYTHONHOME`` and ``PYTHONPLATLIBDIR`` leading into it are refused the same way, and workers start
  without the prefix).
"""

from __future__ import annotations

import importlib.util
import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest
from attack_helpers import mariadb_file, run

from codemods.enum_sql.common import RenderError, parse, statement

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r14", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_mysql, mysql = _fixtures.new_mysql, _fixtures.mysql


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
    failed = [(p.name, done.stderr) for p in files if (done := mariadb_file(mysql, p)).returncode]
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


# -- 2. PYTHONPYCACHEPREFIX into the checkout --------------------------------------------------------


def _guardian() -> str:
    return str(Path(sys.executable).parent / "guardian")


def _checkout(tmp_path: Path) -> tuple[Path, Path]:
    checkout, outside = tmp_path / "repo", tmp_path / "outside"
    checkout.mkdir()
    outside.mkdir()
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    return checkout, outside


def _ship_pyc(checkout: Path, outside: Path, prefix: Path) -> None:
    """A .pyc for click, as the prefix would hold it: unchecked-hash, so Python never looks at the source."""
    import click

    target = Path(click.__file__)
    evil = checkout / "evil.py"
    evil.write_text(f"open({str(outside / 'ran')!r}, 'w').write('ran')\nraise SystemExit(0)\n")
    cfile = Path(str(prefix) + str(target.parent)) / f"__init__.{sys.implementation.cache_tag}.pyc"
    cfile.parent.mkdir(parents=True)
    py_compile.compile(str(evil), cfile=str(cfile), invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)


@pytest.mark.parametrize("value", ["{checkout}/.pycache", ".pycache", ""])
def test_a_pycache_prefix_into_the_checkout_runs_none_of_its_pyc_files(tmp_path: Path, value: str) -> None:
    checkout, outside = _checkout(tmp_path)
    _ship_pyc(checkout, outside, checkout / ".pycache")
    env = {**os.environ, "PYTHONPYCACHEPREFIX": value.format(checkout=checkout), "GUARDIAN_NO_EXEC": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [_guardian(), "--no-exec", "status"], cwd=checkout, env=env, capture_output=True, text=True, timeout=120
    )
    assert not (outside / "ran").exists(), "guardian ran a .pyc file of the checkout"
    assert done.returncode == 2 and "PYTHONPYCACHEPREFIX" in done.stderr and "hint" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("variable", ["PYTHONHOME", "PYTHONPLATLIBDIR"])
def test_the_standard_library_is_not_looked_for_in_the_checkout(tmp_path: Path, variable: str) -> None:
    from guardian.pythonpath import checkout_on_path

    checkout, _ = _checkout(tmp_path)
    value = str(checkout / "lib") if variable == "PYTHONHOME" else os.path.relpath(checkout, sys.base_prefix)
    problem = checkout_on_path({variable: value}, [], str(checkout))
    assert problem is not None and problem[0] == variable
    assert checkout_on_path({"PYTHONHOME": "lib"}, [], str(checkout)) is not None  # relative
    assert checkout_on_path({"PYTHONPLATLIBDIR": "lib64"}, [], str(checkout)) is None  # the usual value


def test_a_worker_starts_without_a_pycache_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.processes import process_pool

    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path / "prefix"))
    with process_pool(1) as pool:
        seen = pool.submit(os.getenv, "PYTHONPYCACHEPREFIX").result(timeout=120)
    assert seen is None
    assert os.environ["PYTHONPYCACHEPREFIX"] == str(tmp_path / "prefix")
