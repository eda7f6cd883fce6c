"""The MariaDB variant of the sample schema: inline ENUM columns merged with parallel columns."""

from __future__ import annotations

import pytest
from enumdb_helpers import assert_every_file_runs_again, down, state, steps_for, up

pytestmark = pytest.mark.mysql


@pytest.fixture
def shop(mysql):
    mysql.load("schema.mysql.sql", "seed.mysql.sql")
    return mysql


def test_plan_merges_the_legacy_column_only(shop):
    steps = steps_for(shop)
    # orders.status already has the canonical list: only legacy_orders.status migrates
    assert "legacy_orders" in steps[0].up and "`orders`" not in steps[0].up.replace("legacy_orders", "")
    up(shop, steps)
    assert shop.rows("SELECT id, status FROM legacy_orders ORDER BY id") == [
        (1, "pending"),
        (2, "paid"),
        (3, "shipped"),
        (4, "cancelled"),
        (5, None),
        (6, "cancelled"),
        (7, None),
    ]
    assert shop.rows(
        "SELECT COLUMN_TYPE, ORDINAL_POSITION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
        "DATABASE() AND TABLE_NAME = 'legacy_orders' AND COLUMN_NAME = 'status'"
    ) == [("enum('pending','paid','shipped','delivered','cancelled')", 3)]
    assert shop.rows(
        "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = 'legacy_orders' AND COLUMN_NAME = 'status'"
    ) == [("legacy_orders_status_idx",)]
    assert shop.rows("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()") == [(0,)]


def test_up_down_exact_with_positions_and_up_again(shop):
    steps = steps_for(shop)
    original = state(shop)
    up(shop, steps)
    after_up = state(shop)
    down(shop, steps)
    assert state(shop) == original  # includes ORDINAL_POSITION of every column (T33)
    up(shop, steps)
    assert state(shop) == after_up


def test_every_file_runs_again_after_it_ran(shop):
    assert_every_file_runs_again(shop, steps_for(shop))


def test_transition_writes_mirror_and_strict_triggers(shop):
    steps = steps_for(shop)
    up(shop, steps, 1)
    modes = shop.rows("SELECT SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")
    assert len(modes) == 2 and all("STRICT_ALL_TABLES" in m for (m,) in modes)  # T29
    shop.execute("INSERT INTO legacy_orders (id, customer, status, total_cents) VALUES (100, 'old', 'canceled', 1)")
    shop.execute(
        "INSERT INTO legacy_orders (id, customer, status_new, total_cents) VALUES (101, 'new', 'cancelled', 1)"
    )
    shop.execute("UPDATE legacy_orders SET status = 'paid' WHERE id = 5")
    shop.execute("UPDATE legacy_orders SET status_new = 'shipped' WHERE id = 1")
    assert shop.rows("SELECT id, status, status_new FROM legacy_orders WHERE id IN (1, 5, 100, 101) ORDER BY id") == [
        (1, "shipped", "shipped"),
        (5, "paid", "paid"),
        (100, "canceled", "cancelled"),
        (101, "canceled", "cancelled"),
    ]
    # a non-strict client session still cannot store an unmappable value (trigger mode is strict)
    shop.execute("SET SESSION sql_mode = ''")
    with pytest.raises(Exception, match="no old equivalent"):
        shop.execute("UPDATE legacy_orders SET status_new = 'delivered' WHERE id = 2")
    with pytest.raises(Exception, match="conflicting writes"):
        shop.execute("UPDATE legacy_orders SET status = 'paid', status_new = 'pending' WHERE id = 3")
    assert shop.rows("SELECT status, status_new FROM legacy_orders WHERE id IN (2, 3) ORDER BY id") == [
        ("paid", "paid"),
        ("shipped", "shipped"),
    ]


def test_contract_down_refuses_canonical_only_label(shop):
    steps = steps_for(shop)
    up(shop, steps)
    shop.execute("UPDATE legacy_orders SET status = 'delivered' WHERE id = 1")
    before = state(shop)
    with pytest.raises(Exception, match="down refused"):
        shop.run(steps[2].down)
    assert state(shop) == before
