"""Issue 11, eighteenth review: text a checkout chose must not drive ``psql -f`` through a generated file.

psql replaces ``:NAME`` outside quotes with a variable's value and reads the value again, backslash
commands included. A checkout's ``db/schema.sql`` puts ``tags[1:LAST_ERROR_MESSAGE]`` in a CHECK of the
migrated column (SQLGlot writes it into ``001_expand_*.up.sql`` unchanged) and a constraint that fails
to validate, named ``x" \\! touch ../outside-canary #``: when the user runs the files with ``psql -f``
(without ``ON_ERROR_STOP``, psql's default), the slice pastes the previous error, which quotes that name,
and psql runs its ``\\!`` as a shell command. Every PostgreSQL file is now read as psql reads it
(``planner/schema/psql_client.py``) and refused before anything is written.

The attack test failed (the canary was created) before the fix; the reader's tests show what it lets
through (strings, ``E'...'``, dollar quotes, casts, comments) and what it refuses.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from attack_helpers import git, run

from planner.schema import psql_client
from planner.schema.psql_client import psql_misreads

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r18", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_pg, pg = _fixtures.new_pg, _fixtures.pg

_TABLES = "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TYPE mood2 AS ENUM ('a', 'b');\n"
_SCHEMA = _TABLES + (
    "CREATE TABLE t (\n  id int PRIMARY KEY,\n  s mood2 NOT NULL,\n  tags int[],\n"
    """  CONSTRAINT "x"" \\! touch ../outside-canary #" CHECK (s <> 'a' OR CAST('zz' AS INT) = 1),\n"""
    "  CONSTRAINT c2 CHECK (s <> 'b' OR tags[1:LAST_ERROR_MESSAGE] IS NULL)\n);\n"
    "CREATE TABLE u (id int PRIMARY KEY, s mood);\n"
)


@pytest.mark.postgres
def test_a_psql_variable_in_a_check_cannot_run_a_shell_command(pg, tmp_path: Path) -> None:
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("the psql client is not installed")
    repo, canary = tmp_path / "repo", tmp_path / "outside-canary"
    (repo / "db").mkdir(parents=True)
    (repo / "guardian.toml").write_text(
        'source_roots = ["."]\n[database]\nschema = ["db/schema.sql"]\ndialect = "postgres"\n'
        '[enums]\nmood = { merge = ["mood2"] }\n'
    )
    (repo / "m.py").write_text("x = 1\n")
    (repo / "db/schema.sql").write_text(_SCHEMA)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "init")
    pg.run(_TABLES + "CREATE TABLE t (id int PRIMARY KEY, s mood2 NOT NULL, tags int[]);\n")
    pg.run("CREATE TABLE u (id int PRIMARY KEY, s mood);\n")

    code, _, err = run(repo, "--no-exec", "enums", "sql", "-o", "sql")
    for path in sorted((repo / "sql").glob("*.up.sql")):  # what the user runs next, as the docs showed
        subprocess.run([psql, "-X", "-d", pg.url, "-f", str(path)], cwd=repo, capture_output=True, timeout=120)
    assert not canary.exists(), "psql -f ran a shell command the checkout's schema chose"
    assert code == 2, err
    assert "001_expand_mood.up.sql" in err and "c2_new" in err and ":LAST_ERROR_MESSAGE" in err, err
    assert not (repo / "sql").exists(), "a file was written before the refusal"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT 'it''s :x', \"col:x\\\"",
        "SELECT E'a\\' :x \\\\', E'b'':y'",
        "CREATE FUNCTION f() RETURNS int AS $fn$ SELECT a[1:n] \\! $fn$ LANGUAGE sql",
        "SELECT $$ $a$ :x $$, $a$ $$ :y $a$",
        'SELECT x::int, y::"public"."mood", z := 1',
        "SELECT 1 -- :x \\! touch\n",
        "SELECT /* :x /* \\! */ :y */ 1",
        "SELECT a$b, ok$x$",
    ],
)
def test_psql_reads_these_as_the_server_does(text: str) -> None:
    assert psql_misreads(text) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("SELECT tags[1:LAST_ERROR_MESSAGE]", "':LAST_ERROR_MESSAGE' outside quotes"),
        ("SELECT a:::x", "':x' outside quotes"),
        ("SELECT :'v', 1", '":\'" outside quotes'),
        ('SELECT :"v"', "':\"' outside quotes"),
        ("SELECT :{?v}", "':{' outside quotes"),
        ("SELECT 1 \\! touch x", "backslash outside quotes"),
        ("SELECT 'a' -- x\r\\! touch x", "backslash outside quotes"),  # psql ends a -- comment at a CR
        ("SELECT 'a\\' :x '", "backslash in a plain '...' string"),  # read by standard_conforming_strings
        ("SELECT x.E'\\' :x '", "backslash in a plain '...' string"),  # no E'' after a '.'
        ("SELECT 1$a$ ' $a$", "'$' in a word that starts with a digit"),
        ("SELECT $a$ :x $b$", "unclosed dollar quote"),
        ("SELECT /* /* */ :x", "unclosed /* comment"),
        ("SELECT 'a", "unclosed quote"),
        ('SELECT "a', "unclosed quote"),
    ],
)
def test_psql_misreads_name_what_psql_would_act_on(text: str, problem: str) -> None:
    found = psql_misreads(text)
    assert found is not None and problem in found[1], found
    assert found[0] >= len("SELECT "), found


def test_psql_word_classes_hold_ascii_words_and_every_character_from_u0080() -> None:
    """The classes list the ASCII characters they leave out (a class ranging to U+10FFFF took the regex
    compiler 0.02 s): checked on every code point, with ``$`` after a word's start and no digit first."""
    every = "".join(map(chr, range(0x110000)))
    words = [i for i, c in enumerate(every) if i >= 0x80 or c == "_" or (c.isascii() and c.isalnum())]
    classes = {
        psql_client._WORD_CHAR: words,
        psql_client._WORD_OR_DOLLAR: sorted([*words, ord("$")]),
        psql_client._WORD_START: [i for i in words if not every[i].isdigit() or i >= 0x80],
    }
    for pattern, expected in classes.items():
        assert [m.start() for m in re.finditer(pattern, every)] == expected, pattern
