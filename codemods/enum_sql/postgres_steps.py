"""The six PostgreSQL files of one consolidation, assembled from :class:`PostgresBuilder` pieces.

Transaction layout (research T21): DDL that must be atomic sits in ``BEGIN``/``COMMIT``;
``CREATE INDEX CONCURRENTLY`` and the batched backfill (``DO`` + ``COMMIT`` per batch) run
outside. Every unit is idempotent (``IF [NOT] EXISTS``, ``OR REPLACE``, drop-then-add, a backfill
predicate ``IS DISTINCT FROM``) or guarded by a catalog check, so a file can be run again after a
failure at any statement.
"""

from __future__ import annotations

from sqlglot import exp

from codemods.enum_sql.common import comment, derived_name, header, ident, identifier, render, statement
from codemods.enum_sql.dependents import Retarget, retarget, retarget_view
from codemods.enum_sql.postgres import D, PostgresBuilder, create_type_sql, do_block, lock_timeout, parse_template
from planner.enums import Consolidation
from planner.schema.model import Schema, View


def _summary(plan: Consolidation) -> str:
    return f"{plan.canonical.display} <- {', '.join(m.source.removeprefix('public.') for m in plan.members)}"


def expand(b: PostgresBuilder) -> tuple[str, str]:
    """Step 1: canonical type, mapping functions, parallel columns, sync triggers, backfill, constraints, indexes."""
    up = header("expand", "up", D, _summary(b.plan)) + [lock_timeout(), ""]
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
            kind = exp.DataType.build(b.ctype + ("[]" if col.is_array else ""), dialect=D, udt=True)
            up.append(
                render(
                    exp.Alter(
                        this=exp.to_table(b.tbl(work), dialect=D),
                        kind="TABLE",
                        actions=[exp.ColumnDef(this=identifier(col.new_column), kind=kind, exists=True)],
                    ),
                    D,
                )
                + ";"
            )
        up.append(b.sync_function(work))
        up += b.create_trigger(work)
    up += ["COMMIT;", ""]
    for work in b.tables:
        up += [
            f"-- batched backfill of {comment(work.table.name)}: one short transaction per batch",
            _trigger_note(b, work),
            b.backfill(work, reverse=False),
        ]
        up.append(b.invariant(work))
    for work in b.tables:
        for col in work.columns:
            if col.not_null:
                name = b.nn_name(work, col, "_nn")
                up.append(
                    statement(
                        f"ALTER TABLE {b.tbl(work)} DROP CONSTRAINT IF EXISTS {ident(name, D)}, ADD CONSTRAINT "
                        f"{ident(name, D)} CHECK ({ident(col.new_column, D)} IS NOT NULL) NOT VALID",
                        D,
                    )
                    + ";"
                )
                up.append(b.validate(work, name))
        for check in b.checks(work):
            up += b.check_sql(work, check, new=True)
        for index in b.indexes(work):
            up.append(b.index_sql(work, index, new=True))
    down = header("expand", "down", D, _summary(b.plan)) + [lock_timeout(), ""]
    for work in b.tables:
        for index in b.indexes(work):
            down.append(
                statement(
                    f"DROP INDEX CONCURRENTLY IF EXISTS "
                    f"{_qualified_index(work.table.schema, derived_name(index.name, '_new'))}",
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


def _trigger_note(b: PostgresBuilder, work: object) -> str:
    from planner.enums_plan import trigger_mechanism

    mechanism, why = trigger_mechanism(b.schema, work.table)  # type: ignore[attr-defined]
    return f"-- user triggers: {mechanism}: {comment(why)}"


def _qualified_index(schema: str, name: str) -> str:
    from codemods.enum_sql.common import qualified

    return qualified(schema, name, D)


def switch(b: PostgresBuilder) -> tuple[str, str]:
    """Step 2: views move to the parallel columns (DROP + CREATE in one transaction: views pin types).

    Views and materialized views built on those views are dropped first (outermost first) and
    re-created after from their own definitions (innermost first), with the indexes of the
    materialized views; all in one transaction, so readers never see a missing view.
    """
    up = header("switch", "up", D, _summary(b.plan)) + [lock_timeout(), ""]
    down = header("switch", "down", D, _summary(b.plan)) + [lock_timeout(), ""]
    views = b.views()
    if not views:
        up.append("-- no view reads the migrated columns; application code moves in its own batch")
        down.append("-- no view reads the migrated columns")
        return "\n".join(up) + "\n", "\n".join(down) + "\n"
    outer = b.schema.views_over(views)
    for target, moved in ((up, True), (down, False)):
        target.append("BEGIN;")
        if outer:
            target.append("-- views built on the moved views: dropped first, re-created unchanged after")
        for view in reversed(outer):
            target.append(_drop_view(view))
        for view in views:
            select = parse_template(view.query)
            if moved:
                for work in b.tables:
                    if any(f"{work.table.name}.{c.column}" in view.columns for c in work.columns):
                        select = retarget_view(select, b.spec(work))
            target += [_drop_view(view), _create_view(view, select)]
            target += _matview_indexes(b, view)
        for view in outer:
            select = parse_template(view.query)
            if moved:  # a literal typed with a merged type (WHERE rating = 'x'::old) now meets the canonical type
                for work in b.tables:
                    spec = b.spec(work)
                    select = retarget(select, Retarget("", {}, spec.types, spec.new_type))
            target += [_create_view(view, select), *_matview_indexes(b, view)]
        target.append("COMMIT;")
    return "\n".join(up) + "\n", "\n".join(down) + "\n"


def _drop_view(view: View) -> str:
    kind = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    return statement(f"DROP {kind} IF EXISTS {_qualified_index(view.schema, view.name)}", D) + ";"


def _create_view(view: View, select: exp.Expr) -> str:
    """CREATE [MATERIALIZED] VIEW, then what DROP lost: options, comment, grants (the owner is the migrating role)."""
    from codemods.enum_sql.common import literal

    kind = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    name = _qualified_index(view.schema, view.name)
    node = exp.Create(this=exp.to_table(name, dialect=D), kind=kind, expression=select)
    out = [render(node, D) + ";"]
    for option in view.options:
        key, _, value = option.partition("=")
        out.append(f"ALTER {kind} {name} SET ({ident(key, D)} = {literal(value, D)});")
    if view.comment is not None:
        out.append(f"COMMENT ON {kind} {name} IS {literal(view.comment, D)};")
    for privilege, grantee in view.grants:
        who = "PUBLIC" if grantee == "PUBLIC" else ident(grantee, D)
        out.append(f"GRANT {privilege} ON {name} TO {who};")
    return "\n".join(out)


def _matview_indexes(b: PostgresBuilder, view: View) -> list[str]:
    if not view.materialized:
        return []
    out = []
    for index in b.schema.indexes:
        if index.schema == view.schema and index.table == view.name:
            unique = "UNIQUE " if index.unique else ""
            where = f" WHERE {index.predicate}" if index.predicate else ""
            out.append(
                statement(
                    f"CREATE {unique}INDEX {ident(index.name, D)} ON "
                    f"{_qualified_index(view.schema, view.name)} ({', '.join(index.columns)}){where}",
                    D,
                )
                + ";"
            )
    return out


def contract(b: PostgresBuilder) -> tuple[str, str]:
    """Step 3: drop sync, old columns and duplicate types; the parallel columns take the old names."""
    up = header("contract", "up", D, _summary(b.plan)) + [lock_timeout(), ""]
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
                    f"ALTER INDEX {_qualified_index(work.table.schema, derived_name(index.name, '_new'))} "
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


def _rename_constraint(b: PostgresBuilder, work: object, old: str, new: str) -> str:
    from codemods.enum_sql.common import render as _render

    return (
        _render(
            exp.Command(
                this="ALTER",
                expression=f"TABLE {b.tbl(work)} RENAME CONSTRAINT "  # type: ignore[arg-type]
                f"{ident(old, D)} TO {ident(new, D)}",
            ),
            D,
        )
        + ";"
    )


def _contract_down(b: PostgresBuilder) -> str:
    from codemods.enum_sql.common import literal

    down = header("contract", "down", D, _summary(b.plan)) + [lock_timeout(), ""]
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
            kind = exp.DataType.build(b.mtype(b.member_of(col)) + ("[]" if col.is_array else ""), dialect=D, udt=True)
            body.append(
                render(
                    exp.Alter(
                        this=exp.to_table(b.tbl(work), dialect=D),
                        kind="TABLE",
                        actions=[exp.ColumnDef(this=identifier(col.column), kind=kind)],
                    ),
                    D,
                )
                + ";"
            )
        for index in b.indexes(work):
            body.append(
                statement(
                    f"ALTER INDEX {_qualified_index(work.table.schema, index.name)} RENAME TO "
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
            _trigger_note(b, work),
            b.backfill(work, reverse=True),
        ]
    for work in b.tables:
        tail: list[str] = []
        for col in work.columns:
            if col.not_null:
                tmp = b.nn_name(work, col, "_nn_tmp")
                down.append(
                    statement(
                        f"ALTER TABLE {b.tbl(work)} DROP CONSTRAINT IF EXISTS {ident(tmp, D)}, ADD CONSTRAINT "
                        f"{ident(tmp, D)} CHECK ({ident(col.column, D)} IS NOT NULL) NOT VALID",
                        D,
                    )
                    + ";"
                )
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


def build_postgres(plan: Consolidation, schema: Schema, *, batch_size: int = 5000) -> list[tuple[str, str, str]]:
    """The three steps of one consolidation.

    Returns:
        ``[(step name, up SQL, down SQL)]`` for expand, switch, contract.
    """
    b = PostgresBuilder(plan, schema, batch_size=batch_size)
    if not b.tables:
        return []
    return [("expand", *expand(b)), ("switch", *switch(b)), ("contract", *contract(b))]
