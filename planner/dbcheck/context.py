"""The state of one check: the catalog, what a switched consolidation retires, the findings so far."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.dbcheck.catalog import Catalog
from planner.dbcheck.findings import Finding, Switched, excerpt_of


@dataclass
class Context:
    """What ``check_sql`` and ``check_models`` share: the catalog, the names a switch retires, the findings."""

    catalog: Catalog
    stale_columns: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (schema, table, col) -> new col
    stale_types: dict[str, str] = field(default_factory=dict)  # old type name (lower) -> canonical
    out: list[Finding] = field(default_factory=list)
    #: id(query node) -> (the node, its sources by alias): check_sql's look-ups, once per node
    sources: dict[int, tuple[Any, dict[str, Any]]] = field(default_factory=dict)

    def add(self, kind: str, path: str, line: int, excerpt: str, database: str, hint: str, subject: str) -> None:
        self.out.append(Finding(kind, path, line, excerpt_of(excerpt), database, hint, subject))


def stale_sets(ctx: Context, switched: Sequence[Switched]) -> None:
    """Record the old types of each switched consolidation and the columns of those types (not yet
    ``<column>_new``): naming them is ``stale-after-switch``."""
    if not switched:
        return
    from planner.enums_plan import NEW_SUFFIX

    schema = ctx.catalog.schema
    for group in switched:
        members = [schema.enum(m) for m in group.members]
        keys = {m.key for m in members if m is not None}
        for member in members:
            if member is not None and not member.inline:
                ctx.stale_types[member.name.lower()] = group.canonical
        for table in schema.tables:
            for column in table.columns:
                if column.enum in keys and not column.name.endswith(NEW_SUFFIX):
                    ctx.stale_columns[(table.schema, table.name, column.name)] = column.name + NEW_SUFFIX
