"""Step 2 on PostgreSQL: the views move to the parallel columns (and back in the down file)."""

from __future__ import annotations

from sqlglot import exp

from codemods.enum_sql.common import ident, literal, render, statement
from codemods.enum_sql.dependents import Retarget, retarget, retarget_view
from codemods.enum_sql.postgres.builder import (
    D,
    PostgresBuilder,
    parse_template,
    qualified_index,
)
from planner.schema.model import View


def switch(b: PostgresBuilder) -> tuple[str, str]:
    """Step 2: views move to the parallel columns (DROP + CREATE in one transaction: views pin types).

    Views and materialized views built on those views are dropped first (outermost first) and
    re-created after from their own definitions (innermost first), with the indexes of the
    materialized views; all in one transaction, so readers never see a missing view.
    """
    up = b.opening("switch", "up")
    down = b.opening("switch", "down")
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
    return statement(f"DROP {kind} IF EXISTS {qualified_index(view.schema, view.name)}", D) + ";"


def _create_view(view: View, select: exp.Expr) -> str:
    """CREATE [MATERIALIZED] VIEW, then what DROP lost: options, comment, grants (the owner is the migrating role)."""
    kind = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    name = qualified_index(view.schema, view.name)
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
                    f"{qualified_index(view.schema, view.name)} ({', '.join(index.columns)}){where}",
                    D,
                )
                + ";"
            )
    return out
