"""Step 3 on PostgreSQL: drop the sync, the old columns and the duplicate types; the parallel columns
take the old names. The down file restores the old types and columns and copies the values back."""

from __future__ import annotations

from sqlglot import exp

from codemods.enum_sql.common import comment, derived_name, ident, literal, render, statement
from codemods.enum_sql.postgres.backfill import backfill
from codemods.enum_sql.postgres.builder import D, PostgresBuilder, TableWork, do_block, qualified_index, trigger_note


def contract(b: PostgresBuilder) -> tuple[str, str]:
    """Step 3: drop sync, old columns and duplicate types; the parallel columns take the old names."""
    up = b.opening("contract", "up")
    body: list[str] = []
    for work in b.tables:
        for col in work.columns:
            new = ident(col.new_column, D)
            if col.not_null:
                body.append(statement(f"ALTER TABLE {b.tbl(work)} ALTER COLUMN {new} SET NOT NULL", D) + ";")
                body.append(
                    statement(
                        f"ALTER TABLE {b.tbl(work)} DROP CONSTRAINT IF EXISTS {ident(b.nn_name(work, col, '_nn'), D)}",
                        D,
                    )
                    + ";"
                )
            default = b.default_sql(col)
            if default:
                body.append(statement(f"ALTER TABLE {b.tbl(work)} ALTER COLUMN {new} SET DEFAULT {default}", D) + ";")
        body += b.drop_trigger(work)
        for col in work.columns:
            body.append(statement(f"ALTER TABLE {b.tbl(work)} DROP COLUMN {ident(col.column, D)}", D) + ";")
            body.append(
                statement(
                    f"ALTER TABLE {b.tbl(work)} RENAME COLUMN {ident(col.new_column, D)} TO {ident(col.column, D)}", D
                )
                + ";"
            )
        for index in b.indexes(work):
            body.append(
                statement(
                    f"ALTER INDEX {qualified_index(work.table.schema, derived_name(index.name, '_new'))} "
                    f"RENAME TO {ident(index.name, D)}",
                    D,
                )
                + ";"
            )
        for check in b.checks(work):
            body.append(_rename_constraint(b, work, derived_name(check.name, "_new"), check.name))
    body += b.drop_mapping_functions()
    for member in b.members:
        body.append(statement(f"DROP TYPE {b.mtype(member)}", D) + ";  -- RESTRICT, never CASCADE")
    first = b.tables[0]
    up += [
        "BEGIN;",
        "-- skipped when already contracted (the parallel column is gone)",
        b.guard(first, first.columns[0].new_column, exists=False, body=body),
        "COMMIT;",
    ]
    return "\n".join(up) + "\n", _contract_down(b)


def _rename_constraint(b: PostgresBuilder, work: TableWork, old: str, new: str) -> str:
    return (
        render(
            exp.Command(
                this="ALTER",
                expression=f"TABLE {b.tbl(work)} RENAME CONSTRAINT {ident(old, D)} TO {ident(new, D)}",
            ),
            D,
        )
        + ";"
    )


def _contract_down(b: PostgresBuilder) -> str:
    down = b.opening("contract", "down")
    checks = []
    for work in b.tables:
        for col in work.columns:
            member = b.member_of(col)
            allowed = ", ".join(literal(x, D) for x in member.reverse())
            message = literal(
                f"{work.table.name}.{col.column} holds values {member.source} cannot represent; down refused", D
            )
            source = (
                f"{b.tbl(work)} AS t, unnest(t.{ident(col.column, D)}) AS e(v) WHERE CAST(e.v AS TEXT)"
                if col.is_array
                else f"{b.tbl(work)} WHERE CAST({ident(col.column, D)} AS TEXT)"
            )
            checks.append(
                f"  IF EXISTS (SELECT 1 FROM {source} NOT IN ({allowed})) THEN\n"
                f"    RAISE EXCEPTION {message};\n  END IF;"
            )
    first = b.tables[0]
    guard_col = first.columns[0].new_column
    down += [
        "-- preflight: refuse before any change when a canonical-only label is stored",
        do_block(
            [
                "BEGIN",
                f"  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = "
                f"CAST({literal(b.tbl(first), D)} AS regclass) AND attname = {literal(guard_col, D)} AND NOT "
                "attisdropped) THEN RETURN; END IF;",
                *checks,
                "END",
            ]
        ),
        "",
    ]
    body: list[str] = []
    for member in b.members:
        enum = b.schema.enum(member.source)
        assert enum is not None
        body.append(
            render(
                exp.Create(
                    this=exp.to_table(b.mtype(member), dialect=D),
                    kind="TYPE",
                    expression=exp.DataType(
                        this=exp.DataType.Type.ENUM, expressions=[exp.Literal.string(v) for v in enum.labels]
                    ),
                ),
                D,
            )
            + ";"
        )
    body += b.mapping_functions()
    for work in b.tables:
        for col in work.columns:
            old, new = ident(col.column, D), ident(col.new_column, D)
            body.append(statement(f"ALTER TABLE {b.tbl(work)} RENAME COLUMN {old} TO {new}", D) + ";")
            body.append(statement(f"ALTER TABLE {b.tbl(work)} ALTER COLUMN {new} DROP DEFAULT", D) + ";")
            if col.not_null:
                name = ident(b.nn_name(work, col, "_nn"), D)
                body.append(
                    statement(f"ALTER TABLE {b.tbl(work)} ADD CONSTRAINT {name} CHECK ({new} IS NOT NULL) NOT VALID", D)
                    + ";"
                )
                body.append(statement(f"ALTER TABLE {b.tbl(work)} ALTER COLUMN {new} DROP NOT NULL", D) + ";")
            enum = b.schema.enum(col.source)
            assert enum is not None
            body.append(b.add_column(work, col.column, b.mtype(b.member_of(col)) + ("[]" if col.is_array else "")))
        for index in b.indexes(work):
            body.append(
                statement(
                    f"ALTER INDEX {qualified_index(work.table.schema, index.name)} RENAME TO "
                    f"{ident(derived_name(index.name, '_new'), D)}",
                    D,
                )
                + ";"
            )
        for check in b.checks(work):
            body.append(_rename_constraint(b, work, check.name, derived_name(check.name, "_new")))
        body.append(b.sync_function(work))
        body += b.create_trigger(work)
    down += [
        "BEGIN;",
        "-- skipped when already done (the parallel column exists again)",
        b.guard(first, guard_col, exists=True, body=body),
        "COMMIT;",
        "",
    ]
    for work in b.tables:
        down += [
            f"-- batched backfill of the old column(s) of {comment(work.table.name)}",
            trigger_note(b, work),
            backfill(b, work, reverse=True),
        ]
    for work in b.tables:
        tail: list[str] = []
        for col in work.columns:
            if col.not_null:
                tmp = b.nn_name(work, col, "_nn_tmp")
                down.append(b.not_null_check(work, tmp, col.column))
                down.append(b.validate(work, tmp))
                down.append(b.validate(work, b.nn_name(work, col, "_nn")))
                tail.append(
                    statement(f"ALTER TABLE {b.tbl(work)} ALTER COLUMN {ident(col.column, D)} SET NOT NULL", D) + ";"
                )
                tail.append(statement(f"ALTER TABLE {b.tbl(work)} DROP CONSTRAINT IF EXISTS {ident(tmp, D)}", D) + ";")
            if col.default is not None:
                tail.append(
                    statement(
                        f"ALTER TABLE {b.tbl(work)} ALTER COLUMN {ident(col.column, D)} SET DEFAULT {col.default}", D
                    )
                    + ";"
                )
        down += ["BEGIN;", *tail, "COMMIT;"]
        for check in b.checks(work):
            down += b.check_sql(work, check, new=False)
        for index in b.indexes(work):
            down.append(b.index_sql(work, index, new=False))
    return "\n".join(down) + "\n"
