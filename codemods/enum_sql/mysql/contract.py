"""Step 3 on MariaDB: the parallel columns replace the old ones under ``LOCK TABLES``; the down file
brings the old columns back and copies the values."""

from __future__ import annotations

from codemods.enum_sql.common import derived_name, ident, literal, statement
from codemods.enum_sql.dependents import parse_expression, retarget
from codemods.enum_sql.mysql.builder import D, MysqlBuilder, backfills, cols, enum_sql, sql_file, tables
from planner.enums import ColumnMigration
from planner.schema.model import Table


def _contract_up_column(b: MysqlBuilder, table: Table, col: ColumnMigration) -> list[str]:
    up: list[str] = []
    old, new = ident(col.column, D), ident(col.new_column, D)
    checks = b.schema.checks_on(table, col.column)
    indexes = b.schema.indexes_on(table, col.column)
    for check in checks:  # a CHECK naming the column blocks DROP COLUMN (M10)
        up.append(statement(f"ALTER TABLE {b.t(table)} DROP CONSTRAINT IF EXISTS {ident(check.name, D)}", D) + "//")
    drops = [f"DROP INDEX IF EXISTS {ident(i.name, D)}" for i in indexes] + [f"DROP COLUMN IF EXISTS {old}"]
    renames = [f"RENAME COLUMN {new} TO {old}"] + [
        f"RENAME INDEX {ident(derived_name(i.name, '_new', 64, chars=True), D)} TO {ident(i.name, D)}" for i in indexes
    ]
    up.append(
        b.guard(
            table,
            col.new_column,
            True,
            [
                statement(f"ALTER TABLE {b.t(table)} {', '.join(drops)}", D) + ";",
                statement(f"ALTER TABLE {b.t(table)} {', '.join(renames)}", D) + ";",
            ],
        )
    )
    up.append(
        statement(
            f"ALTER TABLE {b.t(table)} MODIFY COLUMN {old} {b.column_def(col, b.labels, final=True, original=False)}", D
        )
        + "//"
    )
    for check in checks:
        expr = retarget(parse_expression(check.expression, D), b.spec(table, col, col.column))
        up.append(
            statement(
                f"ALTER TABLE {b.t(table)} DROP CONSTRAINT IF EXISTS {ident(check.name, D)}, "
                f"ADD CONSTRAINT {ident(check.name, D)} CHECK ({expr.sql(D)})",
                D,
            )
            + "//"
        )
    return up


def _contract_down_column(b: MysqlBuilder, table: Table, col: ColumnMigration) -> list[str]:
    down: list[str] = []
    old, new = ident(col.column, D), ident(col.new_column, D)
    indexes = b.schema.indexes_on(table, col.column)
    for check in b.schema.checks_on(table, col.column):
        down.append(statement(f"ALTER TABLE {b.t(table)} DROP CONSTRAINT IF EXISTS {ident(check.name, D)}", D) + "//")
    renames = [f"RENAME COLUMN {old} TO {new}"] + [
        f"RENAME INDEX {ident(i.name, D)} TO {ident(derived_name(i.name, '_new', 64, chars=True), D)}" for i in indexes
    ]
    down.append(
        b.guard(
            table,
            col.new_column,
            False,
            [
                statement(f"ALTER TABLE {b.t(table)} MODIFY COLUMN {old} {enum_sql(b.labels)} NULL", D) + ";",
                statement(f"ALTER TABLE {b.t(table)} {', '.join(renames)}", D) + ";",
            ],
        )
    )
    # the old column comes back with its DEFAULT at once: an insert that omits it while the copy-back runs
    # gets the default, as before (the sync trigger maps it onto the canonical column)
    default = f" DEFAULT {parse_expression(col.default, D).sql(D)}" if col.default is not None else ""
    down.append(
        statement(
            f"ALTER TABLE {b.t(table)} ADD COLUMN IF NOT EXISTS {old} "
            f"{enum_sql(b.old_labels(col))} NULL{default} {b.position(table, col)}",
            D,
        )
        + "//"
    )
    return down


def contract(b: MysqlBuilder, summary: str) -> tuple[str, str]:
    # MariaDB DDL is not transactional: LOCK TABLES makes "drop the sync triggers, swap the columns, restore
    # NOT NULL and DEFAULT" (and the reverse) one step for other sessions; writers wait meanwhile. Without
    # it, a write between DROP TRIGGER and the swap set only the old column and was lost (the
    # concurrent-writer test found it).
    up: list[str] = []
    for table in tables(b):
        up.append(statement(f"LOCK TABLES {b.t(table)} WRITE", D) + "//")
        up += [s.replace(";", "//") for s in b.drop_sync(table)]
        for col in cols(b, table):
            up += _contract_up_column(b, table, col)
        up.append("UNLOCK TABLES//")
    for table, col in b.works:
        up += [s.replace(";", "//") for s in b.drop_functions(col)]
    down: list[str] = []
    for table, col in b.works:
        allowed = ", ".join(literal(x, D) for x in b.plan.member(col.source).reverse())
        message = literal(f"{col.table}.{col.column} holds values the old ENUM cannot represent; down refused", D)
        down.append(
            "\n".join(
                [
                    "BEGIN NOT ATOMIC",
                    f"  IF NOT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                    f"TABLE_NAME = {literal(table.name, D)} AND COLUMN_NAME = {literal(col.new_column, D)})",
                    f"     AND EXISTS (SELECT 1 FROM {b.t(table)} WHERE BINARY {ident(col.column, D)} NOT IN ({allowed})) THEN",
                    f"    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {message};",
                    "  END IF;",
                    "END//",
                ]
            )
        )
    for table, col in b.works:
        down += b.functions(col)
    for table in tables(b):
        down.append(statement(f"LOCK TABLES {b.t(table)} WRITE", D) + "//")
        for col in cols(b, table):
            down += _contract_down_column(b, table, col)
        down += b.triggers(table)
        down.append("UNLOCK TABLES//")
    down += backfills(b, reverse=True)
    for table, col in b.works:
        old = ident(col.column, D)
        down.append(
            statement(
                f"ALTER TABLE {b.t(table)} MODIFY COLUMN {old} "
                f"{b.column_def(col, b.old_labels(col), final=True, original=True)}",
                D,
            )
            + "//"
        )
        for index in b.schema.indexes_on(table, col.column):
            down.append(
                statement(
                    f"CREATE INDEX IF NOT EXISTS {ident(index.name, D)} ON {b.t(table)} ({', '.join(index.columns)})", D
                )
                + "//"
            )
        for check in b.schema.checks_on(table, col.column):
            down.append(
                statement(
                    f"ALTER TABLE {b.t(table)} DROP CONSTRAINT IF EXISTS {ident(check.name, D)}, "
                    f"ADD CONSTRAINT {ident(check.name, D)} CHECK ({check.expression})",
                    D,
                )
                + "//"
            )
    return sql_file(b, "contract", "up", summary, up), sql_file(b, "contract", "down", summary, down)
