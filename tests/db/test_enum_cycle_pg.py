"""The sample schema's consolidation on the real PostgreSQL server: data, dependents, exact way back."""

from __future__ import annotations

import pytest
from enumdb_helpers import SAMPLE_OVERRIDE, assert_every_file_runs_again, down, state, steps_for, up

pytestmark = pytest.mark.postgres


@pytest.fixture
def shop(pg):
    pg.load("schema.sql", "seed.sql")
    return pg


def test_sample_up_maps_every_row_and_dependent(shop):
    steps = steps_for(shop, SAMPLE_OVERRIDE)
    assert [s.name for s in steps] == ["expand_order_status", "switch_order_status", "contract_order_status"]
    before = shop.rows("SELECT id, status::text FROM legacy_orders ORDER BY id")
    up(shop, steps)
    after = shop.rows("SELECT id, status::text FROM legacy_orders ORDER BY id")
    # canceled -> cancelled, NULLs stay NULL, every other label unchanged
    assert after == [(i, {"canceled": "cancelled"}.get(s, s) if s else None) for i, s in before]
    assert shop.rows(
        "SELECT format_type(atttypid, NULL), attnotnull FROM pg_attribute WHERE attrelid = "
        "'invoices'::regclass AND attname IN ('status', 'history') ORDER BY attname"
    ) == [("order_status[]", True), ("order_status", True)]
    # enum arrays keep order, NULL elements and '{}'
    assert shop.rows("SELECT id, history::text FROM invoices ORDER BY id") == [
        (1, "{}"),
        (2, "{pending,paid}"),
        (3, "{pending,paid,shipped}"),
        (4, "{pending,paid,shipped,delivered}"),
        (5, "{pending,cancelled}"),
        (6, "{pending,NULL,paid}"),
    ]
    # defaults mapped and typed, the duplicate types gone, no helper left behind
    assert shop.rows(
        "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'invoices'::regclass "
        "AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND "
        "attname = 'status')"
    ) == [("'pending'::order_status",)]
    assert shop.rows("SELECT typname FROM pg_type WHERE typtype = 'e' ORDER BY 1") == [
        ("order_status",),
        ("payment_method",),
        ("stock_state",),
    ]
    assert shop.rows("SELECT count(*) FROM pg_proc WHERE proname LIKE '\\_em\\_%'") == [(0,)]
    assert shop.rows("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal") == [(0,)]
    # partial index predicate and CHECK rewritten with mapped labels under the original names
    assert shop.rows("SELECT indexdef FROM pg_indexes WHERE indexname = 'legacy_orders_canceled_idx'") == [
        (
            "CREATE INDEX legacy_orders_canceled_idx ON public.legacy_orders USING btree (customer) "
            "WHERE (status = 'cancelled'::order_status)",
        )
    ]
    assert shop.rows("SELECT convalidated FROM pg_constraint WHERE conname = 'invoices_paid_amount_chk'") == [(True,)]
    # the view still answers with the same column names and rows
    assert shop.rows("SELECT id, status::text FROM open_invoices ORDER BY id") == [
        (1, "pending"),
        (2, "paid"),
        (6, "paid"),
    ]
    with pytest.raises(Exception):
        shop.execute("INSERT INTO invoices (order_id, status, amount_cents) VALUES (1, 'paid', 0)")  # CHECK kept


def test_up_down_is_exact_and_up_down_up_equals_up(shop):
    steps = steps_for(shop, SAMPLE_OVERRIDE)
    original = state(shop)
    up(shop, steps)
    after_up = state(shop)
    down(shop, steps)
    assert state(shop) == original
    up(shop, steps)
    assert state(shop) == after_up


def test_each_step_reverts_alone(shop):
    steps = steps_for(shop, SAMPLE_OVERRIDE)
    for n in range(1, 4):
        before = state(shop)
        shop.run(steps[n - 1].up)
        shop.run(steps[n - 1].down)
        assert state(shop) == before, steps[n - 1].stem
        shop.run(steps[n - 1].up)


def test_every_file_runs_again_after_it_ran(shop):
    assert_every_file_runs_again(shop, steps_for(shop, SAMPLE_OVERRIDE))


def test_expand_re_runs_after_a_failure_part_way(shop):
    steps = steps_for(shop, SAMPLE_OVERRIDE)
    # break the file after its first transaction: the backfill fails on a row no mapping accepts
    broken = steps[0].up.replace(
        "-- batched backfill of legacy_orders", "SELECT 1/0;\n-- batched backfill of legacy_orders"
    )
    with pytest.raises(Exception):
        shop.run(broken)
    shop.run(steps[0].up)
    assert shop.rows(
        "SELECT count(*) FROM legacy_orders WHERE status_new IS DISTINCT FROM _em_orderstatus_fwd(status)"
    ) == [(0,)]
    assert shop.rows(
        "SELECT count(*) FROM legacy_orders WHERE status::text = 'canceled' AND status_new::text = 'cancelled'"
    ) == [(2,)]


def test_new_canonical_type_case_and_spelling_maps_unique_partial_index(pg):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "enums"))
    from golden_cases import NEW_TYPE_OVERRIDE, NEW_TYPE_SCHEMA

    pg.run(NEW_TYPE_SCHEMA)
    pg.run("""INSERT INTO tickets VALUES (1, 'NEW', '{new,done}', 0), (2, 'closed', NULL, 3), (3, 'open', '{}', 1);
              INSERT INTO jobs VALUES (1, 'new'), (2, 'done'), (3, NULL), (4, 'open');""")
    steps = steps_for(pg, NEW_TYPE_OVERRIDE)
    original = state(pg)
    up(pg, steps)
    assert pg.rows("SELECT id, state::text, seen::text FROM tickets ORDER BY id") == [
        (1, "new", "{new,closed}"),
        (2, "closed", None),
        (3, "open", "{}"),
    ]
    assert pg.rows("SELECT id, state::text FROM jobs ORDER BY id") == [
        (1, "new"),
        (2, "closed"),
        (3, None),
        (4, "open"),
    ]
    assert pg.rows("SELECT typname FROM pg_type WHERE typtype = 'e'") == [("ticket_state",)]
    with pytest.raises(Exception):  # the unique partial index came back on the new column
        pg.execute("INSERT INTO jobs VALUES (5, 'new')")
    after_up = state(pg)
    down(pg, steps)
    assert state(pg) == original
    up(pg, steps)
    assert state(pg) == after_up
