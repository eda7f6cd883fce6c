"""Shared fixtures of the code ↔ database tests: one small schema in both dialects, and a model."""

from __future__ import annotations

from pathlib import Path

from planner.config import Config, DatabaseConfig
from planner.dbcheck import CodeCheck, Switched, check_code
from planner.schema.ddl import read_ddl_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DIALECTS = ("postgres", "mysql")
#: The test schema in each dialect (the live tests load the same files onto the servers).
DDL = {d: (FIXTURES / f"schema.{d}.sql").read_text(encoding="utf-8") for d in DIALECTS}

#: The ``orders`` model, correct in both dialects; cases swap one line.
MODEL = """
import enum

from sqlalchemy import Column, Enum, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase


class Status(enum.Enum):
    NEW = "new"
    PAID = "paid"
    CANCELLED = "cancelled"


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    status = Column(Enum(Status, name="order_status", values_callable=lambda e: [m.value for m in e]), nullable=False)
    total = Column(Numeric(10, 2), nullable=False)
    note = Column(Text)
"""


def switched_for(dialect: str) -> tuple[Switched, ...]:
    """The consolidation of ``orderstatus`` (MySQL: the inline ENUM of legacy.state) into ``order_status``."""
    return (Switched("order_status", ("orderstatus",) if dialect == "postgres" else ("legacy.state",)),)


def run_check(
    root: Path,
    dialect: str,
    *,
    switched: tuple[Switched, ...] = (),
    schema_text: str | None = None,
    config: Config | None = None,
) -> CodeCheck:
    """Check the tree at ``root`` (source root ".") against the fixture schema of ``dialect``."""
    schema = read_ddl_text(schema_text or DDL[dialect], dialect)
    config = config or Config(root=root, database=DatabaseConfig(dialect=dialect))
    return check_code(config, schema, switched=switched)
