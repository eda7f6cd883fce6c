"""Duplicate detection and the canonical choice (pure: no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.config import EnumOverride
from planner.enums import find_duplicates, near_label, relation, squash_name
from planner.schema.ddl import read_ddl_files, read_ddl_text
from planner.schema.model import EnumType

ROOT = Path(__file__).resolve().parents[2]


def e(name: str, *labels: str) -> EnumType:
    return EnumType("public", name, labels)


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (e("a", "x", "y", "z"), e("b", "x", "y", "z"), "identical values"),
        (e("a", "x", "y", "z"), e("b", "z", "y", "x"), "identical values (different order)"),
        (e("a", "x", "y"), e("b", "x", "y", "z"), "a is a subset of b"),
        (e("a", "PAID", "PENDING"), e("b", "paid", "pending"), "near-duplicates (PAID/paid, PENDING/pending)"),
        (e("a", "paid", "canceled"), e("b", "paid", "cancelled"), "near-duplicates (canceled/cancelled)"),
        (
            e("orderstatus", "new", "old", "gone"),
            e("order_status", "new", "old", "lost"),
            "name variants (orderstatus/order_status)",
        ),
    ],
)
def test_relations(a, b, why):
    assert relation(a, b) == why


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (e("color", "red", "green"), e("size", "small", "large")),
        (e("a", "x", "q"), e("b", "x", "r", "s", "t")),  # one shared label is not a duplicate
        (e("method", "card", "invoice", "voucher"), e("state", "in_stock", "reserved", "out_of_stock")),
    ],
)
def test_unrelated_types(a, b):
    assert relation(a, b) is None


def test_near_labels_and_names():
    assert near_label("canceled", ("cancelled", "paid")) == ("cancelled", "spelling")
    assert near_label("PAID ", ("paid", "pending")) == ("paid", "case")
    assert near_label("paid", ("pending", "shipped")) is None
    assert near_label("color", ("colour", "colors")) is None  # ambiguous: no guess
    assert squash_name("status_enum") == "status" and squash_name("order_status") == squash_name("orderstatus")


def test_sample_schema_group_and_explained_canonical():
    schema = read_ddl_files([ROOT / "sample_repo/db/schema.sql"], "postgres")
    groups = find_duplicates(schema)
    # issue 15: no row figures in the DDL, so the dependents decide: status_enum has the view, the CHECK
    # and two columns; moving the two others rebuilds one index each
    assert [(g.canonical, g.members) for g in groups] == [("status_enum", ("order_status", "orderstatus"))]
    why = groups[0].why
    assert "covers every label" in why and "rules:" in why and "no row figures" in why
    assert "moving it: rows unknown, 2 columns, 1 view, 1 index, 1 constraint" in why
    assert "moving order_status: rows unknown, 1 column, 1 index" in why
    assert any("identical values" in r for r in groups[0].relations)
    assert any("canceled/cancelled" in r or "cancelled/canceled" in r for r in groups[0].relations)


def test_choice_is_deterministic_whatever_the_declaration_order():
    a = "CREATE TYPE status_enum AS ENUM ('a', 'b', 'c'); CREATE TYPE state AS ENUM ('a', 'b', 'c');"
    b = "CREATE TYPE state AS ENUM ('a', 'b', 'c'); CREATE TYPE status_enum AS ENUM ('a', 'b', 'c');"
    first = find_duplicates(read_ddl_text(a, "postgres"))
    second = find_duplicates(read_ddl_text(b, "postgres"))
    assert [(g.canonical, g.members) for g in first] == [(g.canonical, g.members) for g in second]
    assert first[0].canonical == "state"  # the clean name beats the _enum suffix


def test_override_replaces_detection():
    schema = read_ddl_files([ROOT / "sample_repo/db/schema.sql"], "postgres")
    groups = find_duplicates(schema, (EnumOverride("status_enum", ("order_status",)),))
    assert [(g.canonical, g.members, g.why) for g in groups] == [
        ("status_enum", ("order_status",), "chosen in [tool.guardian.enums]")
    ]


def test_mysql_inline_enums_group_by_values():
    schema = read_ddl_files([ROOT / "sample_repo/db/schema.mysql.sql"], "mysql")
    groups = find_duplicates(schema)
    assert len(groups) == 1
    assert {groups[0].canonical, *groups[0].members} == {"orders.status", "legacy_orders.status", "invoices.status"}


def test_canonical_is_the_type_whose_move_costs_most_rows():
    # issue 15: two identical types; the DDL's own rows decide (12 rows vs 3), whatever the names say
    ddl = (
        "CREATE TYPE film_rating AS ENUM ('G', 'PG', 'R'); CREATE TYPE rating AS ENUM ('G', 'PG', 'R');"
        "CREATE TABLE film (id int PRIMARY KEY, r film_rating);"
        "CREATE TABLE festival (id int PRIMARY KEY, r rating);"
        "CREATE VIEW festival_view AS SELECT id, r FROM festival;"
        "INSERT INTO film VALUES " + ", ".join(f"({i}, 'G')" for i in range(12)) + ";"
        "INSERT INTO festival VALUES (1, 'G'), (2, 'PG'); INSERT INTO festival VALUES (3, 'R');"
    )
    [group] = find_duplicates(read_ddl_text(ddl, "postgres"))
    assert (group.canonical, group.members) == ("film_rating", ("rating",))
    assert "keeping it rewrites 3 rows" in group.why
    assert "moving it: 12 rows, 1 column" in group.why and "moving rating: 3 rows, 1 column, 1 view" in group.why
    # without the rows, the dependents decide: the view's table keeps its type
    [group] = find_duplicates(read_ddl_text(ddl.split("INSERT")[0], "postgres"))
    assert group.canonical == "rating"
