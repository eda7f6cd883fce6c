"""The consolidation plan and its refusals (T1-T5 of planner/enums_plan.py), pure."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.config import Config, EnumOverride
from planner.enums import PlanRefused
from planner.enums_plan import plan_consolidations
from planner.schema.ddl import read_ddl_files, read_ddl_text

ROOT = Path(__file__).resolve().parents[2]


def plan(sql: str, *overrides: EnumOverride, dialect: str = "postgres"):
    return plan_consolidations(Config(root=ROOT, enums=overrides), read_ddl_text(sql, dialect))


def test_sample_plan_json_is_designs_shape():
    schema = read_ddl_files([ROOT / "sample_repo/db/schema.sql"], "postgres")
    config = Config(
        root=ROOT, enums=(EnumOverride("order_status", ("orderstatus", "status_enum"), (("canceled", "cancelled"),)),)
    )
    [item] = [p.to_json() for p in plan_consolidations(config, schema)]
    assert item["canonical"] == "order_status" and item["merge"] == ["orderstatus", "status_enum"]
    assert item["map"] == {"canceled": "cancelled"} and not item["lossy"] and not item["create_type"]
    assert [(c["table"], c["column"], c["array"]) for c in item["columns"]] == [
        ("legacy_orders", "status", False),
        ("invoices", "status", False),
        ("invoices", "history", True),
    ]


def test_two_labels_to_one_is_refused_unless_lossy():
    sql = "CREATE TYPE a AS ENUM ('x', 'y', 'z'); CREATE TYPE b AS ENUM ('x', 'y', 'zz');"
    with pytest.raises(PlanRefused, match="'x' and 'y' both map to 'x'") as refused:
        plan(sql, EnumOverride("a", ("b",), (("y", "x"), ("zz", "z"))))
    assert refused.value.exit_code == 3 and "lossy = true" in str(refused.value)
    [ok] = plan(sql, EnumOverride("a", ("b",), (("y", "x"), ("zz", "z")), lossy=True))
    assert ok.lossy and ok.member("public.b").reverse() == {"x": "x", "z": "zz"}


def test_unmapped_label_refused_with_hint():
    sql = "CREATE TYPE a AS ENUM ('x', 'y', 'z'); CREATE TYPE b AS ENUM ('x', 'y', 'q');"
    with pytest.raises(PlanRefused, match="label 'q' of b has no counterpart in a") as refused:
        plan(sql, EnumOverride("a", ("b",)))
    assert 'map = { "q" =' in str(refused.value)


def test_map_target_must_exist():
    sql = "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('x', 'w');"
    with pytest.raises(PlanRefused, match="'w' to 'nope'"):
        plan(sql, EnumOverride("a", ("b",), (("w", "nope"),)))


def test_postgres_label_over_63_bytes_refused():
    long = "é" * 32  # 64 bytes
    sql = "CREATE TYPE b AS ENUM ('x', 'y');"
    with pytest.raises(PlanRefused, match="64 bytes"):
        plan(sql + "CREATE TABLE t (v b);", EnumOverride("newtype", ("b",), (("x", long),)))


def test_mysql_case_only_duplicates_refused():
    sql = "CREATE TABLE t (a ENUM('Paid', 'paid', 'x'), b ENUM('paid', 'x'));"
    with pytest.raises(PlanRefused, match="differ only by case"):
        plan(sql, EnumOverride("t.a", ("t.b",)), dialect="mysql")


def test_order_difference_and_auto_mapping_are_warned():
    sql = (
        "CREATE TYPE a AS ENUM ('x', 'y', 'cancelled'); CREATE TYPE b AS ENUM ('y', 'x', 'canceled');"
        "CREATE TABLE t (v b);"
    )
    [p] = plan(sql, EnumOverride("a", ("b",)))
    assert any("order of b differs" in w for w in p.warnings)
    assert any("canceled -> cancelled: spelling variant" in w for w in p.warnings)


def test_functions_using_a_merged_type_are_refused_up_front():
    # issue 15: was a warning, and contract then failed at DROP TYPE; now refused before any SQL exists
    sql = (
        "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('x', 'y'); CREATE TABLE t (v b);"
        "CREATE FUNCTION f(v b) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"
    )
    with pytest.raises(PlanRefused, match=r"function public\.f\(b\) takes or returns public\.b"):
        plan(sql, EnumOverride("a", ("b",)))
    [p] = plan(sql, EnumOverride("b", ("a",)))  # keeping the function's type is fine
    assert p.canonical.name == "b"


def test_new_canonical_type_gets_the_union_of_mapped_labels():
    sql = "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('x', 'z', 'w'); CREATE TABLE t (v a, u b);"
    [p] = plan(sql, EnumOverride("both", ("a", "b"), (("w", "gone"),)))
    assert p.create_type and p.canonical.labels == ("x", "z", "gone", "y")


def test_merge_of_unknown_type_is_refused():
    with pytest.raises(PlanRefused, match="'nope', which is not an enum type"):
        plan("CREATE TYPE a AS ENUM ('x');", EnumOverride("a", ("nope",)))


@pytest.mark.parametrize(
    "table",
    [
        "CREATE TABLE t (v b UNIQUE);",
        "CREATE TABLE t (v b PRIMARY KEY);",
        "CREATE TABLE u (k b PRIMARY KEY); CREATE TABLE t (v b REFERENCES u (k));",
        "CREATE TABLE t (id int, v b, CONSTRAINT t_v UNIQUE (id, v));",
    ],
)
def test_keyed_enum_columns_are_refused(table):
    # a unique constraint or foreign key on the column would be lost or broken
    sql = "CREATE TYPE a AS ENUM ('x', 'y'); CREATE TYPE b AS ENUM ('x', 'y');" + table
    with pytest.raises(PlanRefused, match="migrating keyed enum columns is not supported"):
        plan(sql, EnumOverride("a", ("b",)))


def test_mariadb_trigger_of_another_definer_without_set_user_is_refused_up_front():
    # issue 15: the backfill must re-create the trigger to keep it from firing; without SET USER it cannot
    from dataclasses import replace

    from planner.schema.model import Trigger

    base = read_ddl_text(
        "CREATE TABLE a (id INT PRIMARY KEY, s ENUM('x', 'y', 'zz'));"
        "CREATE TABLE b (id INT PRIMARY KEY, s ENUM('x', 'y', 'z'));",
        "mysql",
    )
    trigger = Trigger("", "b", "b_touch", "BEFORE", ("UPDATE",), body="SET NEW.id = NEW.id", definer="app@%")
    live = replace(
        base,
        sources=("live",),
        triggers=(trigger,),
        privileges=(("current_user", "guardian@%"), ("set_user", "no"), ("trigger", "yes")),
    )
    config = Config(root=Path("."), enums=(EnumOverride("a.s", ("b.s",), (("z", "zz"),)),))
    with pytest.raises(PlanRefused) as caught:
        plan_consolidations(config, live)
    assert "trigger 'b_touch' on b is defined by app@%" in str(caught.value)
    assert "GRANT SET USER ON *.* TO guardian@%" in str(caught.value)
    allowed = replace(live, privileges=(("current_user", "guardian@%"), ("set_user", "yes"), ("trigger", "yes")))
    assert [c.table for c in plan_consolidations(config, allowed)[0].columns] == ["b"]
