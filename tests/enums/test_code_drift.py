"""Python enums matched to database types, and every missing value reported."""

from __future__ import annotations

from pathlib import Path

from guardian.config_file import load_config
from planner.code_enums import code_drift, find_code_enums
from planner.config import Config
from planner.schema.ddl import read_ddl_files, read_ddl_text

ROOT = Path(__file__).resolve().parents[2]


def test_sample_repo_pairs_and_drift():
    config = load_config(ROOT / "sample_repo")
    schema = read_ddl_files([ROOT / "sample_repo/db/schema.sql"], "postgres")
    drift, matches = code_drift(config, schema)
    pairs = {(m["class"].rsplit(".", 1)[1], m["type"]) for m in matches}
    assert pairs == {
        ("OrderStatus", "order_status"),
        ("LegacyOrderStatus", "orderstatus"),
        ("InvoiceStatus", "status_enum"),
        ("PaymentMethod", "payment_method"),
        ("StockState", "stock_state"),
    }
    assert [(d["class"], d["missing_in_database"], d["missing_in_code"]) for d in drift] == [
        ("shop.orders.models.OrderStatus", ["refunded"], [])
    ]
    assert drift[0]["path"] == "src/shop/orders/models.py" and drift[0]["line"] > 0


def test_sqlalchemy_enum_columns_and_auto_values(write_tree):
    root = write_tree(
        {
            "app/models.py": """
            import enum
            from enum import StrEnum, auto
            import sqlalchemy as sa

            class Colour(StrEnum):
                RED = auto()
                GREEN = auto()

            class Shade(enum.Enum):
                DARK = "dark"
                _ignore_ = "x"

            col = sa.Column(sa.Enum(Shade, name="tone"))
            other = sa.Column(sa.Enum("s", "m", "xl", name="size"))
        """,
        }
    )
    config = Config(root=root, source_roots=("app",))
    found = {e.qualname: (e.values, e.db_name) for e in find_code_enums(config)}
    assert found["models.Colour"] == (("red", "green"), None)
    assert found["models.Shade"] == (("dark",), "tone")
    assert found["models:Enum(size)"] == (("s", "m", "xl"), "size")
    schema = read_ddl_text(
        "CREATE TYPE tone AS ENUM ('dark', 'light'); CREATE TYPE size AS ENUM ('s', 'm', 'l');"
        "CREATE TYPE colour AS ENUM ('red', 'green');",
        "postgres",
    )
    drift, matches = code_drift(config, schema)
    assert {(d["type"], tuple(d["missing_in_database"]), tuple(d["missing_in_code"])) for d in drift} == {
        ("tone", (), ("light",)),
        ("size", ("xl",), ("l",)),
    }
    assert any(m["type"] == "colour" and m["class"] == "models.Colour" for m in matches)


def test_unrelated_enums_are_not_matched(write_tree):
    root = write_tree({"m.py": "import enum\nclass Planet(enum.Enum):\n    MARS = 'mars'\n    VENUS = 'venus'\n"})
    schema = read_ddl_text("CREATE TYPE colour AS ENUM ('red', 'green');", "postgres")
    drift, matches = code_drift(Config(root=root), schema)
    assert drift == [] and matches == []
