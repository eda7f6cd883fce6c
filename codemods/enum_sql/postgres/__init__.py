"""The PostgreSQL ENUM consolidation: the six files of one consolidation (expand / switch / contract,
up and down), assembled from :class:`~codemods.enum_sql.postgres.builder.PostgresBuilder` pieces.

Transaction layout: DDL that must be atomic sits in ``BEGIN``/``COMMIT``;
``CREATE INDEX CONCURRENTLY`` and the batched backfill (``DO`` + ``COMMIT`` per batch) run
outside. Every unit is idempotent (``IF [NOT] EXISTS``, ``OR REPLACE``, drop-then-add, a backfill
predicate ``IS DISTINCT FROM``) or guarded by a catalog check, so a file can be run again after a
failure at any statement.
"""

from __future__ import annotations

from codemods.enum_sql.postgres.builder import PostgresBuilder
from codemods.enum_sql.postgres.contract import contract
from codemods.enum_sql.postgres.expand import expand
from codemods.enum_sql.postgres.switch import switch
from planner.enums import Consolidation
from planner.schema.model import Schema

__all__ = ["build_postgres"]


def build_postgres(plan: Consolidation, schema: Schema, *, batch_size: int = 5000) -> list[tuple[str, str, str]]:
    """The three steps of one consolidation.

    Returns:
        ``[(step name, up SQL, down SQL)]`` for expand, switch, contract.
    """
    b = PostgresBuilder(plan, schema, batch_size=batch_size)
    if not b.tables:
        return []
    return [("expand", *expand(b)), ("switch", *switch(b)), ("contract", *contract(b))]
