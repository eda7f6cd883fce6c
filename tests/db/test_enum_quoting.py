"""Hostile names and labels round-trip as data on both servers (quotes, unicode, spaces, reserved words)."""

from __future__ import annotations

import pytest
from enumdb_helpers import down, state, steps_for, up

from planner.config import EnumOverride

LABELS = ["it's", "'); drop table x; --", "größe ok", "plain"]


def _pg_literal(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


@pytest.mark.postgres
def test_postgres_hostile_identifiers_and_labels(pg):
    old = ", ".join(_pg_literal(v) for v in LABELS)
    new = ", ".join(_pg_literal(v) for v in [*LABELS[:3], "Plain"])
    first, second = _pg_literal(LABELS[0]), _pg_literal(LABELS[1])
    pg.run(
        'CREATE TYPE "Old Kind" AS ENUM (' + old + ");\n"
        'CREATE TYPE "select" AS ENUM (' + new + ");\n"
        'CREATE TABLE "order" (id int PRIMARY KEY, "user" "Old Kind", "it\'s" "Old Kind"[] NOT NULL DEFAULT \'{}\');\n'
        'CREATE INDEX "odd ""index""" ON "order" ("user") WHERE "user" <> ' + second + ";\n"
        'INSERT INTO "order" VALUES (1, '
        + first
        + ", ARRAY["
        + old
        + ']::"Old Kind"[]), (2, '
        + second
        + ", '{}'), (3, NULL, '{}'), (4, 'plain', '{}');"
    )
    steps = steps_for(pg, EnumOverride("select", ("Old Kind",), (("plain", "Plain"),)))
    original = state(pg)
    up(pg, steps)
    assert pg.rows('SELECT id, "user"::text FROM "order" ORDER BY id') == [
        (1, LABELS[0]),
        (2, LABELS[1]),
        (3, None),
        (4, "Plain"),
    ]
    assert pg.rows('SELECT "it\'s"::text[] FROM "order" WHERE id = 1') == [([*LABELS[:3], "Plain"],)]
    assert pg.rows("SELECT count(*) FROM pg_type WHERE typname = 'Old Kind'") == [(0,)]
    assert pg.rows("SELECT to_regclass('x')") == [(None,)]
    down(pg, steps)
    assert state(pg) == original


@pytest.mark.mysql
def test_mysql_hostile_identifiers_and_labels(mysql):
    old = ", ".join(_pg_literal(v) for v in LABELS)
    new = ", ".join(_pg_literal(v) for v in [*LABELS[:3], "Plain2"])
    first, second = _pg_literal(LABELS[0]), _pg_literal(LABELS[1])
    mysql.run(
        "CREATE TABLE `order` (id INT PRIMARY KEY, `user` ENUM(" + old + ") NULL, `it's` ENUM(" + new + ") NULL, "
        "KEY `odd ``index``` (`user`));\n"
        "INSERT INTO `order` VALUES (1, " + first + ", NULL), (2, " + second + ", NULL), (3, NULL, NULL), "
        "(4, 'plain', NULL);"
    )
    steps = steps_for(mysql, EnumOverride("order.it's", ("order.user",), (("plain", "Plain2"),)))
    original = state(mysql)
    up(mysql, steps)
    assert mysql.rows("SELECT id, `user` FROM `order` ORDER BY id") == [
        (1, LABELS[0]),
        (2, LABELS[1]),
        (3, None),
        (4, "Plain2"),
    ]
    down(mysql, steps)
    assert state(mysql) == original
    assert mysql.rows(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'x'"
    ) == [(0,)]
