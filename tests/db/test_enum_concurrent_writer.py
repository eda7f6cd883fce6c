"""Issue 15, item 5: a real second process inserts and updates through up (expand, switch, contract) and down.

PostgreSQL and MariaDB (where the table's trigger is wrapped and restored under LOCK TABLES meanwhile).

It loses nothing and sees no error; the backfill (small batches) terminates while inserts go on; the
application's writes keep firing their own trigger while Guardian's backfill fires none.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from enumdb_helpers import steps_for

from planner.config import EnumOverride


def _wait_for_writer(db, timeout: float = 60.0) -> None:
    """Start the steps only once the writer really writes (a loaded machine starts Python slowly)."""
    deadline = time.monotonic() + timeout
    while db.rows("SELECT count(*) FROM ticket WHERE note = 'writer'")[0][0] < 5:
        assert time.monotonic() < deadline, "the writer process never wrote"
        time.sleep(0.05)


#: The writer's loop: insert a row, update a random one, remember each row's last value, until told to stop.
WRITE_LOOP = r"""
stop, labels = __import__("pathlib").Path(stop), ["new", "open", "done"]
last, errors, n = {}, [], 0
random.seed(7)
while not stop.exists():
    n += 1
    value = labels[n % 3]
    try:
        with conn.cursor() as cur:
            last[insert(cur, value)] = value
            target = random.randint(1, 2000)
            value = labels[(n + target) % 3]
            cur.execute("UPDATE ticket SET state = %s WHERE id = %s", (value, target))
            last[target] = value
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.002)
print(json.dumps({"last": last, "errors": errors, "writes": n}))
"""

WRITER = (
    r"""
import json, random, sys, time
import psycopg
# no server-side prepared statements: a plan prepared over the old type fails once contract drops it
# ("cache lookup failed for type"), see docs/enums.md
conn = psycopg.connect(sys.argv[1], autocommit=True, prepare_threshold=None)
stop = sys.argv[2]


def insert(cur, value):
    cur.execute("INSERT INTO ticket (state, note) VALUES (%s, 'writer') RETURNING id", (value,))
    return cur.fetchone()[0]
"""
    + WRITE_LOOP
)

MYSQL_WRITER = (
    r"""
import json, random, sys, time
import pymysql
host, port, user, password, database, stop = sys.argv[1:7]
conn = pymysql.connect(host=host, port=int(port), user=user, password=password or "", database=database,
                       autocommit=True)


def insert(cur, value):
    cur.execute("INSERT INTO ticket (state, note) VALUES (%s, 'writer')", (value,))
    return cur.lastrowid
"""
    + WRITE_LOOP
)


def _through_up_and_down(db, steps, argv: list[str], after_up=lambda: None) -> dict:
    """Run every step up, then down, while the writer process writes; returns what it wrote."""
    stop = argv[-1]
    writer = subprocess.Popen([sys.executable, "-c", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_writer(db)
        for step in steps:
            db.run(step.up, f"{step.stem}.up.sql")
        after_up()
        time.sleep(0.2)
        for step in reversed(steps):
            db.run(step.down, f"{step.stem}.down.sql")
        time.sleep(0.2)
    finally:
        Path(stop).write_text("stop")
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    result = json.loads(out)
    assert sorted(set(result["errors"]))[:3] == []
    assert result["writes"] > 20  # the writer really ran through the steps
    return result


def _assert_nothing_lost(db, result: dict, state_sql: str) -> None:
    """Every row holds the writer's last value; its updates fired the application trigger, the backfill never did."""
    state = dict(db.rows(state_sql))
    assert {int(k): v for k, v in result["last"].items()} == {int(k): state[int(k)] for k in result["last"]}
    inserted = [int(k) for k in result["last"] if int(k) > 2000]
    assert db.rows("SELECT count(*) FROM ticket") == [(2000 + len(inserted),)]
    updated = {int(k) for k in result["last"] if int(k) <= 2000}
    assert db.rows("SELECT count(*) FROM ticket WHERE id <= 2000 AND touched = 0")[0][0] >= 2000 - len(updated)


@pytest.mark.postgres
def test_a_concurrent_writer_loses_nothing_through_up_and_down(pg, tmp_path):
    pg.run(
        "CREATE TYPE ticket_state AS ENUM ('new', 'open', 'done');"
        "CREATE TYPE ticketstate AS ENUM ('new', 'open', 'done');"
        "CREATE TABLE board (id int PRIMARY KEY, state ticket_state);"
        "INSERT INTO board SELECT i, 'new' FROM generate_series(1, 5000) i;"
        "CREATE TABLE ticket (id serial PRIMARY KEY, state ticketstate NOT NULL DEFAULT 'new', note text,"
        " touched int NOT NULL DEFAULT 0);"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := OLD.touched + 1; "
        "RETURN NEW; END $$;"
        "CREATE TRIGGER ticket_touch BEFORE UPDATE ON ticket FOR EACH ROW EXECUTE FUNCTION touch();"
        "INSERT INTO ticket (state) SELECT (ARRAY['new', 'open', 'done']::ticketstate[])[1 + i % 3] "
        "FROM generate_series(1, 2000) i; ANALYZE;"
    )
    steps = steps_for(pg, EnumOverride("ticket_state", ("ticketstate",), ()), batch_size=100)

    def moved() -> None:
        assert pg.rows(
            "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'ticket'::regclass "
            "AND attname = 'state'"
        ) == [("ticket_state",)]

    result = _through_up_and_down(pg, steps, [WRITER, pg.url, str(tmp_path / "stop")], after_up=moved)
    _assert_nothing_lost(pg, result, "SELECT id, state::text FROM ticket")
    assert pg.rows(
        "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'ticket'::regclass AND attname = 'state'"
    ) == [("ticketstate",)]


@pytest.mark.mysql
def test_a_concurrent_writer_loses_nothing_on_mariadb(mysql, tmp_path):
    mysql.run(
        "CREATE TABLE board (id INT PRIMARY KEY, state ENUM('new', 'open', 'done', 'gone'));"
        "INSERT INTO board SELECT seq, 'new' FROM seq_1_to_5000;"
        "CREATE TABLE ticket (id INT AUTO_INCREMENT PRIMARY KEY, state ENUM('new', 'open', 'done') NOT NULL "
        "DEFAULT 'new', note VARCHAR(20), touched INT NOT NULL DEFAULT 0);"
        "CREATE TRIGGER ticket_touch BEFORE UPDATE ON ticket FOR EACH ROW SET NEW.touched = OLD.touched + 1;"
        "INSERT INTO ticket (state) SELECT ELT(1 + seq % 3, 'new', 'open', 'done') FROM seq_1_to_2000;"
        "ANALYZE TABLE board, ticket;"
    )
    steps = steps_for(mysql, EnumOverride("board.state", ("ticket.state",), ()), batch_size=100)
    assert steps, "the plan moves ticket.state"
    dsn = mysql.dsn
    argv = [MYSQL_WRITER, dsn.host, str(dsn.port), dsn.user, dsn.password, dsn.database, str(tmp_path / "stop")]
    _assert_nothing_lost(mysql, _through_up_and_down(mysql, steps, argv), "SELECT id, state FROM ticket")
    assert mysql.rows("SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()") == [
        ("SET NEW.touched = OLD.touched + 1",)
    ]
