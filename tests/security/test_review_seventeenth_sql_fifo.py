"""Attacks of the seventeenth reviewer (issue 11) on what Guardian reads and what it writes for a client.

* A live MariaDB database's trigger body is pasted verbatim between ``DELIMITER //`` lines of the files
  ``enums sql`` writes. ``SET @x = 1 --<0x01> \\! touch x`` is a comment to the server, but the
  ``mariadb`` client takes ``--`` for a comment only before whitespace: ``mariadb DB < 001_expand...``
  ran the shell command, and a ``//`` after it ended ``CREATE TRIGGER`` early (the user's trigger
  dropped, ``DROP TABLE victim`` run as a statement of its own). A body the client could read otherwise
  than the server is now refused (``planner/schema/mariadb_client.py``).
* A FIFO the checkout ships where Guardian reads metadata hung it for ever: a tarball's
  ``.git/objects/info/alternates`` (read by a plain ``open()`` before any git command, so every
  command hung), and a journal entry's ``history/1/manifest.json`` or ``blobs/<sha256>`` (the start-up
  check did not look inside ``history`` and ``blobs``, and the journal opened them without
  ``O_NONBLOCK``), which hung ``guardian journal 1``: the very command the UNTRUSTED warning names.
  Every such file is now read by one bounded reader (``failures/regular_files.py``).

Each test is the attack, and failed (hung, or ran the client's command) before its fix.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from attack_helpers import mariadb_file, run

_DB = Path(__file__).resolve().parents[1] / "db"
_spec = importlib.util.spec_from_file_location("guardian_db_fixtures_r17", _DB / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
new_mysql, mysql = _fixtures.new_mysql, _fixtures.mysql


def _guardian(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``guardian --no-exec ARGS`` in a process of its own; a hang is the attack succeeding."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "guardian", "--repo", str(repo), "--no-exec", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"guardian {' '.join(args)} hung on the checkout's FIFO")


class _Blocked(Exception):
    """Not an OSError: code that skips unreadable files must not swallow it."""


@contextmanager
def _no_hang(seconds: int = 10) -> Iterator[None]:
    """Fail, instead of waiting for ever, when the body blocks (an ``open()`` of a FIFO with no writer)."""

    def expired(*_: object) -> None:
        raise _Blocked("blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _entry(checkout: Path) -> Path:
    """A journal entry of batch 1 (a rename), as a tarball of someone's working copy ships it."""
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    for args in (("plan",), ("apply", "--batch", "1")):
        code, _, err = run(checkout, "--no-exec", *args)
        assert code == 0, err
    entry = checkout / ".guardian" / "journal" / "1"
    assert (entry / "manifest.json").is_file()
    return entry


def test_an_alternates_fifo_in_a_shipped_git_directory_is_refused_not_waited_on(checkout: Path) -> None:
    os.mkfifo(checkout / ".git" / "objects" / "info" / "alternates")
    done = _guardian(checkout, "status")
    assert done.returncode == 2, done.stderr
    assert "objects/info/alternates: not a regular file" in done.stderr, done.stderr


@pytest.mark.parametrize("where", ["history/1/manifest.json", "blobs/0123"])
def test_a_fifo_inside_a_shipped_journal_entry_is_refused_at_start_up(checkout: Path, where: str) -> None:
    fifo = _entry(checkout) / where
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    for command in (("journal", "1"), ("journal",)):
        done = _guardian(checkout, *command)
        assert done.returncode == 2, (command, done.stderr)
        assert f".guardian/journal/1/{where} is a FIFO" in done.stderr, (command, done.stderr)


def test_the_journal_never_waits_on_a_fifo_even_past_the_start_up_check(checkout: Path) -> None:
    """The start-up check is one layer; the journal's own reads are the other (a FIFO made after it)."""
    from rollback.errors import CorruptJournal
    from rollback.store import JournalStore

    entry = _entry(checkout)
    store = JournalStore(checkout)
    manifest = store.read("1")
    digest = next(record.before_sha256 for record in manifest.files if record.before_sha256 is not None)
    (entry / "blobs" / digest).unlink()
    os.mkfifo(entry / "blobs" / digest)
    (entry / "history" / "1").mkdir(parents=True)
    os.mkfifo(entry / "history" / "1" / "manifest.json")
    with _no_hang():
        assert store.history("1") == []
    with _no_hang(), pytest.raises(CorruptJournal, match="not a regular file"):
        store.blob_reader("1")(digest)


# -- a MariaDB trigger body the client reads otherwise than the server --------------------------------

_BODIES = {
    "a shell command after --<0x01>": "SET @x = 1 --\x01 \\! touch {canary}",
    "// after --<0x01>": "SET @x = 1 --\x01 // UNLOCK TABLES // DROP TABLE victim //",
}


@pytest.mark.mysql
@pytest.mark.parametrize("body", _BODIES.values(), ids=_BODIES.keys())
def test_a_trigger_body_the_mariadb_client_misreads_is_refused(mysql, tmp_path: Path, body: str) -> None:
    canary = tmp_path / "canary"
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL, n INT);\n"
        "CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL, n INT);\n"
        "CREATE TABLE victim (a INT);\nINSERT INTO t VALUES (1, 'a', 0);\nINSERT INTO u VALUES (1, 'c', 0);"
    )
    mysql.execute(f"CREATE TRIGGER audit BEFORE UPDATE ON t FOR EACH ROW {body.format(canary=canary)}")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "guardian.toml").write_text('[database]\ndialect = "mysql"\n')
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    for path in sorted((repo / "out").glob("*.up.sql")):  # what the user runs next
        if mariadb_file(mysql, path).returncode:
            break
    assert not canary.exists(), "mariadb < the files ran a shell command of the trigger body"
    exists = "SELECT count(*) FROM information_schema.{} WHERE {}_schema = DATABASE() AND {} = '{}'"
    assert mysql.rows(exists.format("tables", "table", "table_name", "victim")) == [(1,)], "victim was dropped"
    assert mysql.rows(exists.format("triggers", "trigger", "trigger_name", "audit")) == [(1,)], "audit was dropped"
    assert code == 2, err
    assert "trigger 'audit' on table 't'" in err, err


@pytest.mark.mysql
def test_a_trigger_no_migration_pastes_is_not_refused(mysql, tmp_path: Path) -> None:
    """Only a body pasted into the files is read as the client would: a URL in a comment of a trigger on
    a table no migration touches stops neither the SQL of the others nor the schema's reading."""
    mysql.run(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL);\n"
        "CREATE TABLE u (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL);\n"
        "CREATE TABLE w (id INT PRIMARY KEY, n INT);"
    )
    mysql.execute("CREATE TRIGGER stamp BEFORE UPDATE ON w FOR EACH ROW SET NEW.n = 1 -- see https://example.com/x")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "guardian.toml").write_text('[database]\ndialect = "mysql"\n')
    code, _, err = run(repo, "enums", "sql", "--dsn", mysql.url, "-o", "out")
    assert code == 0, err
    assert sorted(p.name for p in (repo / "out").glob("*.up.sql")), "no migration was written"
    assert "stamp" not in "".join(p.read_text() for p in (repo / "out").glob("*.sql"))
