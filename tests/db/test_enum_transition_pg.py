"""During the transition old and new code write at once: the triggers mirror both ways (PostgreSQL)."""

from __future__ import annotations

import time

import pytest
from enumdb_helpers import SAMPLE_OVERRIDE, down, state, steps_for, up

pytestmark = pytest.mark.postgres


@pytest.fixture
def expanded(pg):
    pg.load("schema.sql", "seed.sql")
    steps = steps_for(pg, SAMPLE_OVERRIDE)
    up(pg, steps, 1)
    return pg, steps


def pair(db, table, row_id, old="status", new="status_new"):
    return db.rows(f"SELECT {old}::text, {new}::text FROM {table} WHERE id = %s", (row_id,))[0]


def test_old_code_writes_are_mirrored_into_the_new_column(expanded):
    db, _ = expanded
    db.execute("INSERT INTO legacy_orders (id, customer, status, total_cents) VALUES (100, 'old', 'canceled', 1)")
    db.execute("INSERT INTO legacy_orders (id, customer, total_cents) VALUES (101, 'old', 1)")  # column omitted
    db.execute("UPDATE legacy_orders SET status = 'shipped' WHERE id = 1")
    db.execute("UPDATE legacy_orders SET total_cents = 5 WHERE id = 4")  # another column only
    db.execute("INSERT INTO invoices (id, order_id, amount_cents) VALUES (100, 1, 10)")  # old DEFAULT applies
    assert pair(db, "legacy_orders", 100) == ("canceled", "cancelled")
    assert pair(db, "legacy_orders", 101) == (None, None)
    assert pair(db, "legacy_orders", 1) == ("shipped", "shipped")
    assert pair(db, "legacy_orders", 4) == ("canceled", "cancelled")
    # T12: the new column has no DEFAULT, so an old writer's default is not overwritten
    assert pair(db, "invoices", 100) == ("pending", "pending")
    assert pair(db, "invoices", 100, "history", "history_new") == ("{}", "{}")


def test_new_code_writes_are_mirrored_into_the_old_column(expanded):
    db, _ = expanded
    db.execute("INSERT INTO legacy_orders (id, customer, status_new, total_cents) VALUES (200, 'new', 'cancelled', 1)")
    db.execute("UPDATE legacy_orders SET status_new = 'paid' WHERE id = 5")  # a NULL row
    db.execute("UPDATE legacy_orders SET status_new = NULL WHERE id = 2")  # explicit NULL on a nullable column
    db.execute("UPDATE invoices SET history_new = '{cancelled,pending}' WHERE id = 1")
    assert pair(db, "legacy_orders", 200) == ("canceled", "cancelled")
    assert pair(db, "legacy_orders", 5) == ("paid", "paid")
    assert pair(db, "legacy_orders", 2) == (None, None)
    assert pair(db, "invoices", 1, "history", "history_new") == ("{cancelled,pending}", "{cancelled,pending}")


def test_unrepresentable_and_conflicting_writes_are_rejected(expanded):
    db, _ = expanded
    with pytest.raises(Exception, match="orderstatus"):  # 'delivered' has no orderstatus label (T11)
        db.execute("UPDATE legacy_orders SET status_new = 'delivered' WHERE id = 1")
    with pytest.raises(Exception, match="conflicting writes"):
        db.execute("UPDATE legacy_orders SET status = 'paid', status_new = 'shipped' WHERE id = 1")
    assert pair(db, "legacy_orders", 1) == ("pending", "pending")  # row unchanged


def test_writers_with_another_search_path_can_write(expanded):
    db, _ = expanded
    db.execute("CREATE SCHEMA app")
    db.execute("SET search_path = app")  # T13: bodies are schema-qualified
    db.execute("INSERT INTO public.legacy_orders (id, customer, status, total_cents) VALUES (300, 'x', 'paid', 1)")
    db.execute("SET search_path = public")
    assert pair(db, "legacy_orders", 300) == ("paid", "paid")


def test_contract_down_refuses_a_canonical_only_label_and_changes_nothing(pg):
    pg.load("schema.sql", "seed.sql")
    steps = steps_for(pg, SAMPLE_OVERRIDE)
    up(pg, steps)
    pg.execute("UPDATE legacy_orders SET status = 'delivered' WHERE id = 1")  # new code, after contract
    before = state(pg)
    with pytest.raises(Exception, match="cannot represent; down refused"):
        pg.run(steps[2].down)
    assert state(pg) == before  # T26
    pg.execute("UPDATE legacy_orders SET status = 'shipped' WHERE id = 1")
    down(pg, steps)
    assert pg.rows("SELECT status::text FROM legacy_orders WHERE id = 1") == [("shipped",)]


def test_backfill_of_100000_rows_in_batches(pg):
    pg.run("""
        CREATE TYPE old_state AS ENUM ('new', 'open', 'closed');
        CREATE TYPE ticket_state AS ENUM ('new', 'open', 'closed', 'archived');
        CREATE TABLE tickets (id bigint PRIMARY KEY, state old_state NOT NULL DEFAULT 'new', note text);
        INSERT INTO tickets SELECT g, (ARRAY['new','open','closed'])[1 + g % 3]::old_state,
               CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 100000) g;
    """)
    from planner.config import EnumOverride

    steps = steps_for(pg, EnumOverride("ticket_state", ("old_state",)), batch_size=10000)
    assert "_em_step constant bigint := 10000" in steps[0].up
    started = time.perf_counter()
    pg.run(steps[0].up)
    elapsed = time.perf_counter() - started
    assert pg.rows("SELECT count(*) FROM tickets WHERE state_new::text = state::text") == [(100000,)]
    assert pg.rows("SELECT convalidated FROM pg_constraint WHERE conname = 'tickets_state_nn'") == [(True,)]
    assert elapsed < 60, elapsed


def test_swap_mapping_on_arrays_and_multidimensional_arrays_refused(pg):
    # element-wise mapping keeps order, NULL elements and '{}'; a swap is exact
    pg.run("""
        CREATE TYPE side AS ENUM ('left', 'right');
        CREATE TYPE hand AS ENUM ('left', 'right');
        CREATE TABLE moves (id int PRIMARY KEY, path side[]);
        INSERT INTO moves VALUES (1, '{left,right,NULL,left}'), (2, '{}'), (3, NULL);
    """)
    from planner.config import EnumOverride

    steps = steps_for(pg, EnumOverride("hand", ("side",), (("left", "right"), ("right", "left"))))
    original = state(pg)
    up(pg, steps, 1)
    assert pg.rows("SELECT id, path::text, path_new::text FROM moves ORDER BY id") == [
        (1, "{left,right,NULL,left}", "{right,left,NULL,right}"),
        (2, "{}", "{}"),
        (3, None, None),
    ]
    with pytest.raises(Exception, match="only 1-D, 1-based enum arrays"):
        pg.execute("INSERT INTO moves (id, path) VALUES (4, '{{left},{right}}')")
    pg.run(steps[0].down)
    assert state(pg) == original
