"""Step 1 on MariaDB: parallel columns, mapping functions, sync triggers, backfill and indexes."""

from __future__ import annotations

from codemods.enum_sql.common import derived_name, ident, parse, render, statement
from codemods.enum_sql.dependents import retarget
from codemods.enum_sql.mysql.builder import D, MysqlBuilder, backfills, enum_sql, sql_file, tables


def expand(b: MysqlBuilder, summary: str) -> tuple[str, str]:
    up: list[str] = []
    down: list[str] = []
    for table, col in b.works:
        up.append(
            statement(
                f"ALTER TABLE {b.t(table)} ADD COLUMN IF NOT EXISTS {ident(col.new_column, D)} "
                f"{enum_sql(b.labels)} NULL AFTER {ident(col.column, D)}",
                D,
            )
            + "//"
        )
        up += b.functions(col)
    for table in tables(b):
        up += b.triggers(table)
    up += backfills(b, reverse=False)
    for table, col in b.works:
        for index in b.schema.indexes_on(table, col.column):
            cols = ", ".join(index.columns)
            node = retarget(
                parse(
                    f"CREATE INDEX IF NOT EXISTS {ident(derived_name(index.name, '_new', 64, chars=True), D)} "
                    f"ON {b.t(table)} ({cols})",
                    D,
                ),
                b.spec(table, col, col.new_column),
            )
            up.append(render(node, D) + "//")
            down.append(
                statement(
                    f"ALTER TABLE {b.t(table)} DROP INDEX IF EXISTS "
                    f"{ident(derived_name(index.name, '_new', 64, chars=True), D)}",
                    D,
                )
                + "//"
            )
    for table in tables(b):
        down += [s.replace(";", "//") for s in b.drop_sync(table)]
    for table, col in b.works:
        down += [s.replace(";", "//") for s in b.drop_functions(col)]
        down.append(statement(f"ALTER TABLE {b.t(table)} DROP COLUMN IF EXISTS {ident(col.new_column, D)}", D) + "//")
    return sql_file(b, "expand", "up", summary, up), sql_file(b, "expand", "down", summary, down)
