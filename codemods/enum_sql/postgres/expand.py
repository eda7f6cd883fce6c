"""Step 1 on PostgreSQL: the canonical type, mapping functions, parallel columns, sync triggers,
backfill, constraints and indexes (and its down file)."""

from __future__ import annotations

from codemods.enum_sql.common import comment, derived_name, ident, statement
from codemods.enum_sql.postgres.backfill import backfill, invariant
from codemods.enum_sql.postgres.builder import D, PostgresBuilder, create_type_sql, qualified_index, trigger_note


def expand(b: PostgresBuilder) -> tuple[str, str]:
    """Step 1: canonical type, mapping functions, parallel columns, sync triggers, backfill, constraints, indexes."""
    up = b.opening("expand", "up")
    if b.plan.create_type:
        up += [
            "-- the canonical type is new (adding labels to an existing type could not be undone)",
            create_type_sql(b.plan),
            "",
        ]
    up += ["BEGIN;", "-- value maps, schema-qualified: bodies run with the writer's search_path"]
    up += b.mapping_functions()
    for work in b.tables:
        up += [f"-- {comment(work.table.name)}: parallel column(s), nullable and WITHOUT a default until contract"]
        for col in work.columns:
            up.append(b.add_column(work, col.new_column, b.ctype + ("[]" if col.is_array else ""), exists=True))
        up.append(b.sync_function(work))
        up += b.create_trigger(work)
    up += ["COMMIT;", ""]
    for work in b.tables:
        up += [
            f"-- batched backfill of {comment(work.table.name)}: one short transaction per batch",
            trigger_note(b, work),
            backfill(b, work, reverse=False),
        ]
        up.append(invariant(b, work))
    for work in b.tables:
        for col in work.columns:
            if col.not_null:
                name = b.nn_name(work, col, "_nn")
                up.append(b.not_null_check(work, name, col.new_column))
                up.append(b.validate(work, name))
        for check in b.checks(work):
            up += b.check_sql(work, check, new=True)
        for index in b.indexes(work):
            up.append(b.index_sql(work, index, new=True))
    down = b.opening("expand", "down")
    for work in b.tables:
        for index in b.indexes(work):
            down.append(
                statement(
                    f"DROP INDEX CONCURRENTLY IF EXISTS "
                    f"{qualified_index(work.table.schema, derived_name(index.name, '_new'))}",
                    D,
                )
                + ";"
            )
    down += ["BEGIN;"]
    for work in b.tables:
        down += b.drop_trigger(work)
        drops = [f"DROP CONSTRAINT IF EXISTS {ident(derived_name(c.name, '_new'), D)}" for c in b.checks(work)]
        drops += [
            f"DROP CONSTRAINT IF EXISTS {ident(b.nn_name(work, col, '_nn'), D)}" for col in work.columns if col.not_null
        ]
        drops += [f"DROP COLUMN IF EXISTS {ident(col.new_column, D)}" for col in work.columns]
        down.append(statement(f"ALTER TABLE {b.tbl(work)} {', '.join(drops)}", D) + ";")
    down += b.drop_mapping_functions()
    if b.plan.create_type:
        down.append(statement(f"DROP TYPE IF EXISTS {b.ctype}", D) + ";  -- RESTRICT: fails if anything still uses it")
    down += ["COMMIT;"]
    return "\n".join(up) + "\n", "\n".join(down) + "\n"
