"""The MariaDB/MySQL ENUM consolidation: expand / switch / contract of inline ENUM columns, up and down,
assembled from :class:`~codemods.enum_sql.mysql.builder.MysqlBuilder` pieces."""

from __future__ import annotations

from codemods.enum_sql.mysql.builder import MysqlBuilder
from codemods.enum_sql.mysql.contract import contract
from codemods.enum_sql.mysql.expand import expand
from codemods.enum_sql.mysql.switch import switch
from planner.enums import Consolidation
from planner.schema.model import Schema

__all__ = ["build_mysql"]


def build_mysql(plan: Consolidation, schema: Schema, *, batch_size: int = 5000) -> list[tuple[str, str, str]]:
    """The three steps of one consolidation for MariaDB.

    Returns:
        ``[(step name, up SQL, down SQL)]``.
    """
    b = MysqlBuilder(plan, schema, batch_size=batch_size)
    if not b.works:
        return []
    summary = f"{plan.canonical.display} <- {', '.join(m.source for m in plan.members)}"
    return [("expand", *expand(b, summary)), ("switch", *switch(b, summary)), ("contract", *contract(b, summary))]
