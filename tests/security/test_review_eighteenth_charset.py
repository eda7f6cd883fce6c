"""Attacks of the eighteenth reviewer (issue 11) on how the mariadb client reads the files ``enums sql`` writes.

The files said ``SET NAMES utf8mb4;``, which changes the server's side only: a mariadb client whose charset
is GBK (``--default-character-set=gbk``, a GBK locale, a my.cnf saying so) kept reading the file as GBK,
where ``81 5C`` is one character. A label ``丁\\`` (E4 B8 81 5C, written ``'丁\\\\'``) then swallowed a
backslash, ``\\'`` kept the string open, the next label's opening quote closed it, and that label's
``丁\\\\! touch ...`` reached the client as its ``\\!`` shell command. The same two strings in a live
database's trigger body (pasted verbatim) did it too. Every MySQL file now starts with the client's own
``\\C utf8mb4``, which makes it read the rest as UTF-8. Each test is the attack, run through the real
client, and ran the shell command before the fix.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from attack_helpers import mariadb_file, run

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r18c", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_mysql, mysql = _fixtures.new_mysql, _fixtures.mysql

#: Charsets where E4 B8 is one character and 81 5C the next.
_CHARSETS = ["gbk", "sjis", "cp932"]


def _run_up_files(db, repo: Path, charset: str) -> list[str]:
    """Each up file run as a user would, in order, until one fails; the failure, if any."""
    files = sorted((repo / "out").glob("*.up.sql"))
    assert files, "enums sql wrote no files"
    for path in files:
        done = mariadb_file(db, path, charset)
        if done.returncode:
            return [f"{path.name}: {done.stderr.decode(errors='replace')[:300]}"]
    return []


@pytest.mark.mysql
@pytest.mark.parametrize("charset", _CHARSETS)
def test_two_labels_cannot_run_a_client_command_under_a_multibyte_client_charset(
    mysql, tmp_path: Path, outside: Path, charset: str
) -> None:
    canary = outside / "canary"
    labels = rf"'a', '丁\\', '丁\\! touch {canary} #'"
    schema = (
        f"CREATE TABLE t (id INT PRIMARY KEY, s ENUM({labels}) NOT NULL);\n"
        f"CREATE TABLE u (id INT PRIMARY KEY, s ENUM({labels}, 'c') NOT NULL);\n"
    )
    repo = tmp_path / "repo"
    (repo / "db").mkdir(parents=True)
    (repo / "m.py").write_text("x = 1\n")
    (repo / "db" / "schema.sql").write_text(schema, encoding="utf-8")
    (repo / "guardian.toml").write_text(
        '[database]\nschema = ["db/schema.sql"]\ndialect = "mysql"\n[enums]\n"u.s" = { merge = ["t.s"] }\n'
    )
    mysql.run(schema)
    code, _, err = run(repo, "enums", "sql", "-o", "out")
    assert code == 0, err
    failed = _run_up_files(mysql, repo, charset)
    assert not canary.exists(), f"mariadb --default-character-set={charset} < the files ran a shell command"
    assert failed == []
    column = "SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'u'"
    assert "'丁\\\\'" in mysql.rows(column + " AND column_name = 's'")[0][0], "the label was misread"


@pytest.mark.mysql
def test_a_trigger_body_cannot_run_a_client_command_under_a_gbk_client(mysql, tmp_path: Path, outside: Path) -> None:
    """The body is two strings to the server and to ``client_misreads`` (which reads it as UTF-8)."""
    canary = outside / "canary"
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL, n INT);\n"
        "CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL, n INT);\n"
        "INSERT INTO t VALUES (1, 'a', 0);\nINSERT INTO u VALUES (1, 'c', 0);"
    )
    mysql.execute(
        rf"CREATE TRIGGER audit BEFORE UPDATE ON t FOR EACH ROW SET @x = '丁\\\\', @y = '丁\\\\! touch {canary} #'"
    )
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "guardian.toml").write_text('[database]\ndialect = "mysql"\n')
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    assert code == 0, err
    assert any("touch" in p.read_text(encoding="utf-8") for p in (repo / "out").glob("*.up.sql")), "body not pasted"
    failed = _run_up_files(mysql, repo, "gbk")
    assert not canary.exists(), "mariadb --default-character-set=gbk < the files ran the trigger body's shell command"
    assert failed == []
    exists = (
        "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = 'audit'"
    )
    assert mysql.rows(exists) == [(1,)], "the trigger was dropped"
