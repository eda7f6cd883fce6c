"""SQL statements checked against the catalog: tables, columns (qualified with SQLGlot's optimizer
when the statement nests queries), enum labels, positional INSERT / ``SELECT *``, stale names."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from planner.dbcheck.catalog import SYSTEM_SCHEMAS, Catalog, TableInfo, near
from planner.dbcheck.context import Context
from planner.dbcheck.labels import LABEL_NODES, LabelUse, insert_columns, labels_in
from planner.dbcheck.sql_text import Nodes, gather
from planner.schema.model import EnumType
from planner.schema.normalize import sqlglot_dialect
from planner.sqlfind.sites import SqlSite

_DDL = (
    exp.Create,
    exp.Alter,
    exp.Drop,
    exp.TruncateTable,
    exp.Comment,
    exp.Grant,
    exp.Set,
    exp.Use,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
)


def check_statement(ctx: Context, site: SqlSite, statement: exp.Expr, nodes: Nodes | None = None) -> None:
    """Check one statement; ``nodes``: its nodes as :func:`gather` found them (walked here when None)."""
    if isinstance(statement, _DDL):
        return
    catalog = ctx.catalog
    found = gather(statement) if nodes is None else nodes
    tables, columns, compared, ctes, nested = found.tables, found.columns, found.compared, found.ctes, found.nested
    if site.search_path:
        _place(catalog, site.search_path, tables)
    unknown = False
    for table in tables:
        if not isinstance(table.this, exp.Identifier) or (table.name in ctes and not table.db):
            continue
        if table.db.lower() in SYSTEM_SCHEMAS or table.name.lower().startswith(("pg_", "information_schema")):
            continue
        if not table.db and table.name.lower() in site.local_tables:
            continue  # created by an earlier statement of the same script
        if catalog.table(table.db or None, table.name) is None and not (not table.db and catalog.ambiguous(table.name)):
            unknown = True
            close = catalog.near_table(table.name)
            shown = f"{table.db}.{table.name}" if table.db else table.name
            ctx.add(
                "unknown-table",
                site.path,
                site.line,
                site.text,
                f"no table or view {shown}",
                f"did you mean {close}?" if close else "create it in a migration, or fix the name",
                shown,
            )
    if (
        isinstance(statement, exp.Insert)
        and insert_columns(statement) is None
        and isinstance(statement.this, exp.Table)
    ):
        target = catalog.table(statement.this.db or None, statement.this.name)
        order = ", ".join(target.columns) if target else "unknown"
        ctx.add(
            "positional-insert",
            site.path,
            site.line,
            site.text,
            f"{statement.this.name} columns in order: {order}",
            "name the columns: INSERT INTO t (a, b) VALUES ...; the values follow the table's column order today",
            statement.this.name,
        )
    if site.positional and _selects_star(statement):
        ctx.add(
            "positional-select",
            site.path,
            site.line,
            site.text,
            _star_columns(catalog, statement),
            "select the columns by name, or read rows by name: the code unpacks them by position",
            _star_tables(statement),
        )
    if unknown:
        return  # columns of an unknown table cannot be checked
    if isinstance(statement, exp.Insert):
        _insert_targets(ctx, site, statement)
    # Nothing nested: every column's table is one of the statement's own (``_resolve`` looks it up by
    # alias or among them); SQLGlot's optimizer is needed only for CTEs, subqueries and set operations.
    if nested:
        qualified = _qualify(ctx, site, statement)
        columns, compared = list(qualified.find_all(exp.Column)), list(qualified.find_all(*LABEL_NODES))
    else:
        qualified = statement  # the nodes of the walk above are the ones to check
    for column in columns:
        if isinstance(column.this, exp.Star):
            continue
        _check_column(ctx, site, column)
    for use in labels_in(qualified, compared):
        _check_label(ctx, site, use)


def _place(catalog: Catalog, path: tuple[str, ...], tables: list[exp.Table]) -> None:
    """Qualify each unqualified table with the first schema of ``path`` that has it (``SET search_path``)."""
    for table in tables:
        if table.db or not isinstance(table.this, exp.Identifier):
            continue
        schema = next((s for s in path if catalog.table(s, table.name) is not None), None)
        if schema is not None:
            table.set("db", exp.to_identifier(schema))


def _selects_star(statement: exp.Expr) -> bool:
    selects = (
        [statement]
        if isinstance(statement, exp.Select)
        else list(statement.find_all(exp.Select))
        if isinstance(statement, exp.SetOperation)
        else []
    )
    return any(
        isinstance(e, exp.Star) or (isinstance(e, exp.Column) and isinstance(e.this, exp.Star))
        for s in selects
        for e in s.expressions
    )


def _star_tables(statement: exp.Expr) -> str:
    return ", ".join(sorted({t.name for t in statement.find_all(exp.Table)})) or "*"


def _star_columns(catalog: Catalog, statement: exp.Expr) -> str:
    parts = []
    for table in statement.find_all(exp.Table):
        info = catalog.table(table.db or None, table.name)
        if info is not None:
            parts.append(f"{info.display}({', '.join(info.columns)})")
    return "SELECT * gives " + "; ".join(parts) if parts else "SELECT * of an unknown table"


def _sources_of(ctx: Context, node: exp.Expr) -> dict[str, exp.Expr]:
    """:func:`_sources` of ``node``, worked out once per node (each of its columns asks)."""
    memo = ctx.sources.get(id(node))
    if memo is not None and memo[0] is node:  # the id of a node since freed may be reused
        return memo[1]
    found = _sources(node)
    ctx.sources[id(node)] = (node, found)
    return found


def _sources(node: exp.Expr) -> dict[str, exp.Expr]:
    """Alias -> source (Table, Subquery, CTE ...) of one query or DML node."""
    out: dict[str, exp.Expr] = {}
    items: list[exp.Expr] = []
    if isinstance(node, (exp.Update, exp.Delete)):
        items.append(node.this)
        source = node.args.get("from_") or node.args.get("from")
        items += [source.this] if source is not None else []
        items += list(node.args.get("using") or [])
    elif isinstance(node, exp.Insert):
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        items.append(target)
        out["excluded"] = target
    elif isinstance(node, exp.Select):
        source = node.args.get("from_") or node.args.get("from")
        if source is not None:
            items.append(source.this)
    for join in node.args.get("joins") or []:
        items.append(join.this)
    for item in items:
        if isinstance(item, exp.Expr):
            out[item.alias_or_name] = item
            if isinstance(item, exp.Table):
                out.setdefault(item.name, item)
    return out


def _owner(column: exp.Column) -> tuple[exp.Expr | None, list[exp.Expr]]:
    """The query/DML nodes enclosing ``column``, innermost first, and the innermost one."""
    chain: list[exp.Expr] = []
    node = column.parent
    while node is not None:
        if isinstance(node, (exp.Select, exp.Update, exp.Delete, exp.Insert)):
            chain.append(node)
        node = node.parent
    return (chain[0] if chain else None), chain


def _resolve(ctx: Context, column: exp.Column, chain: list[exp.Expr] | None = None) -> tuple[TableInfo | None, bool]:
    """(table, resolvable) of a column: resolvable is False when a source is derived or unknown
    (``chain``: the column's :func:`_owner` chain, when the caller has it)."""
    if chain is None:
        _, chain = _owner(column)
    catalog = ctx.catalog
    if column.table:
        for node in chain:
            source = _sources_of(ctx, node).get(column.table)
            if source is None:
                continue
            if isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
                return catalog.table(source.db or None, source.name), True
            return None, False
        return None, False
    for node in chain:
        sources = _sources_of(ctx, node)
        tables = []
        for source in sources.values():
            if not (isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier)):
                return None, False
            info = catalog.table(source.db or None, source.name)
            if info is None:
                return None, False
            tables.append(info)
        hits = [t for t in tables if column.name in t.columns]
        if hits:
            return hits[0], True
        if isinstance(node, exp.Select) and column.name in node.named_selects and _after_select(column, node):
            return None, False  # an output alias (ORDER BY total)
    return None, True


def _after_select(column: exp.Column, select: exp.Select) -> bool:
    """Whether ``column`` sits in the ORDER BY / GROUP BY / HAVING of ``select`` (where output aliases are visible)."""
    node: exp.Expr | None = column
    while node is not None and node is not select:
        if isinstance(node, (exp.Order, exp.Group, exp.Having)):
            return True
        node = node.parent
    return False


def _qualify(ctx: Context, site: SqlSite, statement: exp.Expr) -> exp.Expr:
    """``statement`` qualified by SQLGlot against the catalog; unknown qualified columns reported first."""
    copy = statement.copy()
    for column in list(copy.find_all(exp.Column)):
        if not column.table or isinstance(column.this, exp.Star):
            continue
        info, _ = _resolve(ctx, column)
        if info is not None and column.name not in info.columns:
            _unknown_column(ctx, site, info, column.name)
            column.replace(exp.Null())
    ctx.sources.clear()  # qualify changes the nodes in place: their sources are worked out again
    from sqlglot.optimizer.qualify import qualify  # loaded by the first statement that nests a query

    try:
        return qualify(
            copy,
            schema=ctx.catalog.sqlglot_schema(),
            dialect=sqlglot_dialect(ctx.catalog.dialect),
            db=ctx.catalog.default_schema or None,
            validate_qualify_columns=False,
            quote_identifiers=False,
            identify=False,
            expand_stars=False,
            expand_alias_refs=False,  # ORDER BY / GROUP BY aliases: _resolve knows them (saves a quarter)
        )
    except (sqlglot.errors.SqlglotError, KeyError, ValueError, TypeError, AttributeError):
        return copy  # qualification failed (ambiguous; or SQLGlot itself failed on the tree): resolve on the raw tree


def _unknown_column(ctx: Context, site: SqlSite, info: TableInfo, name: str) -> None:
    close = near(name, info.columns)
    ctx.add(
        "unknown-column",
        site.path,
        site.line,
        site.text,
        f"{info.display} has: {', '.join(info.columns)}",
        f"did you mean {info.display}.{close}?" if close else "add the column in a migration, or fix the name",
        f"{info.display}.{name}",
    )


def _check_column(ctx: Context, site: SqlSite, column: exp.Column) -> None:
    owner, chain = _owner(column)
    if owner is None:
        return
    if isinstance(column.parent, exp.Schema):
        return  # INSERT column list: checked below with the target
    info, resolvable = _resolve(ctx, column, chain)
    if info is None:
        if resolvable and not column.table and _is_column_reference(column, owner):
            tables = [t for t in _sources_of(ctx, owner).values() if isinstance(t, exp.Table)]
            if len(tables) == 1:
                target = ctx.catalog.table(tables[0].db or None, tables[0].name)
                if target is not None:
                    _unknown_column(ctx, site, target, column.name)
                    return
            ctx.add(
                "unknown-column",
                site.path,
                site.line,
                site.text,
                "no table of the query has it: " + ", ".join(sorted(t.name for t in tables)),
                "qualify it or fix the name",
                column.name,
            )
        return
    if column.name not in info.columns:
        _unknown_column(ctx, site, info, column.name)
        return
    _check_stale(ctx, site, info, column.name)


def _is_column_reference(column: exp.Column, owner: exp.Expr) -> bool:
    """False for names SQLGlot reads as columns but are not (``DEFAULT``, a bare boolean ...)."""
    return column.name.lower() not in {"default", "true", "false", "null", "current_user", "session_user"}


def _check_stale(ctx: Context, site: SqlSite, info: TableInfo, name: str) -> None:
    new = ctx.stale_columns.get((info.schema, info.name, name))
    if new is not None:
        ctx.add(
            "stale-after-switch",
            site.path,
            site.line,
            site.text,
            f"{info.display}.{name} is being retired; the switch moved readers to {new}",
            f"read and write {info.display}.{new} (the canonical type) instead",
            f"{info.display}.{name}",
        )


def _insert_targets(ctx: Context, site: SqlSite, statement: exp.Insert) -> None:
    names = insert_columns(statement)
    if names is None or not isinstance(statement.this, exp.Schema):
        return
    table = statement.this.this
    info = ctx.catalog.table(table.db or None, table.name)
    if info is None:
        return
    for name in names:
        if name not in info.columns:
            _unknown_column(ctx, site, info, name)
        else:
            _check_stale(ctx, site, info, name)


def _check_label(ctx: Context, site: SqlSite, use: LabelUse) -> None:
    catalog = ctx.catalog
    if use.cast_type is not None:
        enum = catalog.enum_named(use.cast_type)
        if enum is not None and use.label not in enum.labels:
            _unknown_label(ctx, site.path, site.line, site.text, use.label, enum, enum.display)
        old = ctx.stale_types.get(use.cast_type.strip('"').lower())
        if old is not None:
            ctx.add(
                "stale-after-switch",
                site.path,
                site.line,
                site.text,
                f"type {use.cast_type} is being merged into {old}",
                f"cast to {old}",
                use.cast_type,
            )
        return
    if use.target is not None:
        schema, table, name = use.target
        info = catalog.table(schema or None, table)
    elif use.column is not None:
        info, _ = _resolve(ctx, use.column)
        name = use.column.name
    else:
        return
    if info is None:
        return
    real = catalog.column(info, name)
    enum = catalog.enum_of(real) if real is not None else None
    if enum is not None and use.label not in enum.labels:
        _unknown_label(ctx, site.path, site.line, site.text, use.label, enum, f"{info.display}.{name}")


def _unknown_label(ctx: Context, path: str, line: int, excerpt: str, label: str, enum: EnumType, where: str) -> None:
    close = near(label, list(enum.labels))
    labels = ", ".join(repr(x) for x in enum.labels)
    hint = (
        f"did you mean {close!r}?"
        if close
        else (
            f"add it: ALTER TYPE {enum.display} ADD VALUE {label!r}"
            if not enum.inline
            else "add it to the column's ENUM list, or fix the literal"
        )
    )
    ctx.add("unknown-label", path, line, excerpt, f"{where} ({enum.display}) allows {labels}", hint, f"{where}={label}")
