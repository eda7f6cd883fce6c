"""The code checked against database reality: one :class:`Finding` per mismatch.

Kinds (``KINDS``):

* ``unknown-table`` — SQL, a model or a ``ForeignKey`` names a table (or view) the database lacks;
* ``unknown-column`` — a column SQLGlot's optimizer (``qualify`` against the schema) cannot place,
  a qualified column its table lacks, an INSERT/UPDATE column the target lacks, a ``ForeignKey`` target;
* ``unknown-label`` — a literal compared with / assigned to an enum column (or cast to an enum type),
  or a label an ORM ``Enum``/``choices`` binds, that is not a label of the column's type;
* ``model-column-missing`` — a model column the table lacks; ``db-column-unmapped`` — the reverse
  (a complete model lacks a database column);
* ``nullability-mismatch``, ``type-mismatch`` — a model column against its database column
  (types compared by family: integer, text, decimal, datetime ...; ``Enum(name=...)`` against the type);
* ``positional-insert`` — ``INSERT`` without a column list; ``positional-select`` — ``SELECT *`` whose
  rows the code reads by position (both break when columns are added or reordered);
* ``stale-after-switch`` — an ENUM consolidation's ``switch`` is applied, yet the code still names
  the old column or the old type.

SQL that does not parse, or is built from pieces Guardian cannot spell out, is *opaque*: listed
with its location, never a finding.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.qualify import qualify

from planner.config import AcceptedFinding
from planner.dbcheck.catalog import COMPATIBLE, SYSTEM_SCHEMAS, Catalog, TableInfo, near
from planner.dbcheck.labels import LabelUse, insert_columns, labels_in
from planner.dbcheck.models import Model, ModelColumn
from planner.dbcheck.sql_in_code import Parsed, SqlSite
from planner.schema.model import Column, EnumType
from planner.schema.normalize import SQLGLOT_DIALECT

KINDS = (
    "unknown-table",
    "unknown-column",
    "unknown-label",
    "model-column-missing",
    "db-column-unmapped",
    "nullability-mismatch",
    "type-mismatch",
    "positional-insert",
    "positional-select",
    "stale-after-switch",
)
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


@dataclass(frozen=True)
class Finding:
    """One mismatch between the code and the database."""

    kind: str
    path: str
    line: int
    excerpt: str
    database: str
    hint: str
    #: What the finding is about, independent of where it is (``orders.customer_id``): its identity
    #: across renames and line moves, with the kind and the excerpt.
    subject: str
    accepted: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.subject}|{' '.join(self.excerpt.split()).lower()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "excerpt": self.excerpt,
            "database": self.database,
            "hint": self.hint,
            "subject": self.subject,
            "accepted": self.accepted is not None,
            "reason": self.accepted,
        }


AcceptRule = AcceptedFinding


def accepts(rule: AcceptedFinding, finding: Finding) -> bool:
    """Whether ``rule`` (kind or ``*``; a path or glob) covers ``finding``."""
    return rule.kind in (finding.kind, "*") and (
        finding.path == rule.path or fnmatch.fnmatchcase(finding.path, rule.path)
    )


class ResultCache(Protocol):
    """A port: each SQL text's findings for one schema, kept across runs (guardian/dbcheck_cache.py).

    A value is a list of ``[kind, database, hint, subject]`` rows (kind "" for an opaque reason)."""

    def lookup(self, key: str) -> list[list[str]] | None: ...

    def store(self, key: str, rows: list[list[str]]) -> None: ...


@dataclass(frozen=True)
class Switched:
    """An ENUM consolidation whose ``switch`` is applied (and ``contract`` not yet): its old types."""

    canonical: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class CodeCheck:
    findings: tuple[Finding, ...] = ()
    opaque: tuple[dict[str, Any], ...] = ()
    sql_sites: int = 0
    models: int = 0
    unreadable: tuple[str, ...] = ()

    @property
    def open(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted is None)

    def to_json(self) -> dict[str, Any]:
        return {
            "findings": [f.to_json() for f in self.findings],
            "opaque": list(self.opaque),
            "sql_sites": self.sql_sites,
            "models": self.models,
            "unreadable": list(self.unreadable),
        }


def excerpt_of(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


@dataclass
class _Context:
    catalog: Catalog
    stale_columns: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (schema, table, col) -> new col
    stale_types: dict[str, str] = field(default_factory=dict)  # old type name (lower) -> canonical
    out: list[Finding] = field(default_factory=list)

    def add(self, kind: str, path: str, line: int, excerpt: str, database: str, hint: str, subject: str) -> None:
        self.out.append(Finding(kind, path, line, excerpt_of(excerpt), database, hint, subject))


def check(
    catalog: Catalog,
    parsed: Sequence[Parsed],
    models: Sequence[Model],
    *,
    switched: Sequence[Switched] = (),
    accept: Sequence[AcceptRule] = (),
) -> CodeCheck:
    """Check parsed SQL sites and models against ``catalog``.

    Returns:
        Findings sorted by path, line and kind (accepted ones marked), and the opaque sites.
    """
    ctx = _Context(catalog)
    _stale_sets(ctx, switched)
    opaque: list[dict[str, Any]] = []
    for item in parsed:
        if item.opaque is not None:
            opaque.append(
                {
                    "path": item.site.path,
                    "line": item.site.line,
                    "excerpt": excerpt_of(item.site.shown),
                    "reason": item.opaque,
                }
            )
            continue
        for statement in item.statements:
            _check_statement(ctx, item.site, statement)
    for model in models:
        _check_model(ctx, model)
    return CodeCheck(finish(ctx.out, accept), tuple(opaque), len(parsed), len(models))


def finish(raw: Iterable[Finding], accept: Sequence[AcceptRule] = ()) -> tuple[Finding, ...]:
    """Findings sorted by path, line, kind; one per (kind, place, subject); accepted ones marked."""
    findings = []
    seen: set[tuple[str, str, int, str]] = set()
    for finding in sorted(raw, key=lambda f: (f.path, f.line, f.kind, f.subject)):
        ident = (finding.kind, finding.path, finding.line, finding.subject)
        if ident in seen:
            continue
        seen.add(ident)
        rule = next((r for r in accept if accepts(r, finding)), None)
        findings.append(replace(finding, accepted=rule.reason) if rule else finding)
    return tuple(findings)


def _stale_sets(ctx: _Context, switched: Sequence[Switched]) -> None:
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


# -- SQL -----------------------------------------------------------------------------------------------


def _check_statement(ctx: _Context, site: SqlSite, statement: exp.Expr) -> None:
    if isinstance(statement, _DDL):
        return
    catalog = ctx.catalog
    tables: list[exp.Table] = []
    ctes: set[str] = set()
    nested = False  # a CTE, subquery or set operation: qualification needs SQLGlot's optimizer
    for node in statement.walk():
        if isinstance(node, exp.Table):
            tables.append(node)
        elif isinstance(node, exp.CTE):
            ctes.add(node.alias_or_name)
            nested = True
        elif isinstance(node, (exp.Subquery, exp.SetOperation)) or (
            isinstance(node, exp.Select) and node is not statement
        ):
            nested = True
    unknown = False
    for table in tables:
        if not isinstance(table.this, exp.Identifier) or (table.name in ctes and not table.db):
            continue
        if table.db.lower() in SYSTEM_SCHEMAS or table.name.lower().startswith(("pg_", "information_schema")):
            continue
        if catalog.table(table.db or None, table.name) is None:
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
    # One table and nothing nested: every unqualified column is that table's, no optimizer pass needed.
    qualified = _qualify(ctx, site, statement) if nested or len(tables) > 1 else statement
    for column in list(qualified.find_all(exp.Column)):
        if isinstance(column.this, exp.Star):
            continue
        _check_column(ctx, site, column)
    for use in labels_in(qualified):
        _check_label(ctx, site, use)


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


def _resolve(ctx: _Context, column: exp.Column) -> tuple[TableInfo | None, bool]:
    """(table, resolvable) of a column: resolvable is False when a source is derived or unknown."""
    _, chain = _owner(column)
    catalog = ctx.catalog
    if column.table:
        for node in chain:
            source = _sources(node).get(column.table)
            if source is None:
                continue
            if isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
                return catalog.table(source.db or None, source.name), True
            return None, False
        return None, False
    for node in chain:
        sources = _sources(node)
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


def _qualify(ctx: _Context, site: SqlSite, statement: exp.Expr) -> exp.Expr:
    """``statement`` qualified by SQLGlot against the catalog; unknown qualified columns reported first."""
    copy = statement.copy()
    for column in list(copy.find_all(exp.Column)):
        if not column.table or isinstance(column.this, exp.Star):
            continue
        info, _ = _resolve(ctx, column)
        if info is not None and column.name not in info.columns:
            _unknown_column(ctx, site, info, column.name)
            column.replace(exp.Null())
    try:
        return qualify(
            copy,
            schema=ctx.catalog.sqlglot_schema(),
            dialect=SQLGLOT_DIALECT[ctx.catalog.dialect],
            db=ctx.catalog.default_schema or None,
            validate_qualify_columns=False,
            quote_identifiers=False,
            identify=False,
            expand_stars=False,
            expand_alias_refs=False,  # ORDER BY / GROUP BY aliases: _resolve knows them (saves a quarter)
        )
    except (sqlglot.errors.SqlglotError, KeyError, ValueError):
        return copy  # qualification failed (e.g. ambiguous): resolve on the raw tree


def _unknown_column(ctx: _Context, site: SqlSite, info: TableInfo, name: str) -> None:
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


def _check_column(ctx: _Context, site: SqlSite, column: exp.Column) -> None:
    owner, _ = _owner(column)
    if owner is None:
        return
    if isinstance(column.parent, exp.Schema):
        return  # INSERT column list: checked below with the target
    info, resolvable = _resolve(ctx, column)
    if info is None:
        if resolvable and not column.table and _is_column_reference(column, owner):
            tables = [t for t in _sources(owner).values() if isinstance(t, exp.Table)]
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


def _check_stale(ctx: _Context, site: SqlSite, info: TableInfo, name: str) -> None:
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


def _insert_targets(ctx: _Context, site: SqlSite, statement: exp.Insert) -> None:
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


def _check_label(ctx: _Context, site: SqlSite, use: LabelUse) -> None:
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


def _unknown_label(ctx: _Context, path: str, line: int, excerpt: str, label: str, enum: EnumType, where: str) -> None:
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


# -- models --------------------------------------------------------------------------------------------


def _check_model(ctx: _Context, model: Model) -> None:
    catalog = ctx.catalog
    info = catalog.table(model.schema, model.table)
    where = f"{model.name} -> {model.table}"
    if info is None or info.view and model.kind == "django":
        if info is None:
            close = catalog.near_table(model.table)
            ctx.add(
                "unknown-table",
                model.path,
                model.line,
                f"{model.name}: table {model.table!r}",
                f"no table {model.table}",
                f"did you mean {close}?" if close else "create the table in a migration, or set the model's table name",
                model.table,
            )
        return
    for column in model.columns:
        real = catalog.column(info, column.name)
        if column.name not in info.columns:
            close = near(column.name, info.columns)
            ctx.add(
                "model-column-missing",
                model.path,
                column.line,
                column.excerpt or f"{model.name}.{column.attribute}",
                f"{info.display} has: {', '.join(info.columns)}",
                f"did you mean {close}?"
                if close
                else f"add {info.display}.{column.name} in a migration, or drop it from the model",
                f"{info.display}.{column.name}",
            )
            continue
        _check_stale_model(ctx, model, column, info)
        if column.foreign_key:
            _check_foreign_key(ctx, model, column)
        if real is None:
            continue  # a view's column: no type facts
        _check_types(ctx, model, column, info, real)
    if model.complete:
        mapped = {c.name for c in model.columns}
        for name in info.columns:
            if name not in mapped:
                real = catalog.column(info, name)
                required = real is not None and real.not_null and real.default is None
                ctx.add(
                    "db-column-unmapped",
                    model.path,
                    model.line,
                    f"{where}",
                    f"{info.display}.{name}"
                    + (f" {catalog.type_text(real)}" if real else "")
                    + (" NOT NULL without a default" if required else ""),
                    "map it in the model"
                    + (
                        ": inserts through the model fail without it"
                        if required
                        else ", or mark the model as partial by accepting this finding"
                    ),
                    f"{info.display}.{name}",
                )


def _check_types(ctx: _Context, model: Model, column: ModelColumn, info: TableInfo, real: Column) -> None:
    catalog = ctx.catalog
    excerpt = column.excerpt or f"{model.name}.{column.attribute}"
    if column.nullable is not None and not column.primary_key and column.nullable == real.not_null:
        says = "nullable" if column.nullable else "NOT NULL"
        ctx.add(
            "nullability-mismatch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is {'NOT NULL' if real.not_null else 'nullable'}",
            f"the model says {says}: " + ("writing None fails" if real.not_null else "reads may return None"),
            f"{info.display}.{column.name}",
        )
    model_family = column.family
    db_family = catalog.family(real)
    if (
        model_family
        and db_family
        and model_family != db_family
        and (model_family, db_family) not in COMPATIBLE
        and not (model_family == "integer" and db_family == "boolean" and catalog.dialect == "mysql")
    ):
        ctx.add(
            "type-mismatch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is {catalog.type_text(real)}",
            f"the model maps it as {column.type_name} ({model_family}); make them agree",
            f"{info.display}.{column.name}",
        )
    enum = catalog.enum_of(real)
    binding = column.enum
    if binding is None or enum is None:
        return
    named = (binding.name or "").lower()
    if (
        named
        and not enum.inline
        and named not in (enum.name.lower(), enum.key.lower())
        and named not in ctx.stale_types
    ):
        ctx.add(
            "type-mismatch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is of type {enum.display}",
            f"Enum(name={binding.name!r}) names another type; use name={enum.display!r}",
            f"{info.display}.{column.name}",
        )
    for label in binding.labels:
        if label not in enum.labels:
            how = (
                " (SQLAlchemy writes member names unless values_callable is given)"
                if binding.source == "PyEnum names"
                else ""
            )
            close = near(label, list(enum.labels))
            ctx.add(
                "unknown-label",
                model.path,
                column.line,
                excerpt,
                f"{info.display}.{column.name} ({enum.display}) allows {', '.join(repr(x) for x in enum.labels)}",
                (f"did you mean {close!r}?" if close else f"add {label!r} to {enum.display} or drop it from the code")
                + how,
                f"{info.display}.{column.name}={label}",
            )


def _check_stale_model(ctx: _Context, model: Model, column: ModelColumn, info: TableInfo) -> None:
    excerpt = column.excerpt or f"{model.name}.{column.attribute}"
    new = ctx.stale_columns.get((info.schema, info.name, column.name))
    if new is not None:
        ctx.add(
            "stale-after-switch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is being retired; the switch moved readers to {new}",
            f"map {info.display}.{new} instead",
            f"{info.display}.{column.name}",
        )
    if column.enum and column.enum.name and column.enum.name.lower() in ctx.stale_types:
        canonical = ctx.stale_types[column.enum.name.lower()]
        ctx.add(
            "stale-after-switch",
            model.path,
            column.line,
            excerpt,
            f"type {column.enum.name} is being merged into {canonical}",
            f"use Enum(..., name={canonical!r})",
            column.enum.name,
        )


def _check_foreign_key(ctx: _Context, model: Model, column: ModelColumn) -> None:
    target = column.foreign_key or ""
    parts = target.split(".")
    if len(parts) < 2:
        return
    table_name, col = ".".join(parts[:-1]), parts[-1]
    schema, _, bare = table_name.rpartition(".")
    info = ctx.catalog.table(schema or None, bare)
    excerpt = column.excerpt or f"{model.name}.{column.attribute}"
    if info is None:
        ctx.add(
            "unknown-table",
            model.path,
            column.line,
            excerpt,
            f"ForeignKey({target!r}): no table {table_name}",
            "fix the ForeignKey target",
            table_name,
        )
    elif col not in info.columns:
        ctx.add(
            "unknown-column",
            model.path,
            column.line,
            excerpt,
            f"{info.display} has: {', '.join(info.columns)}",
            "fix the ForeignKey target",
            f"{info.display}.{col}",
        )


def new_since(current: Iterable[Finding], baseline: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """Open findings of ``current`` that the baseline (an assessment's JSON findings) does not hold.

    Identity is kind + subject + excerpt, counted: renames and moved lines do not make a finding new,
    a second copy of the same mistake does.
    """
    counts: dict[str, int] = {}
    for item in baseline:
        key = f"{item.get('kind')}|{item.get('subject')}|{' '.join(str(item.get('excerpt', '')).split()).lower()}"
        counts[key] = counts.get(key, 0) + 1
    out = []
    for finding in current:
        if finding.accepted is not None:
            continue
        if counts.get(finding.key, 0) > 0:
            counts[finding.key] -= 1
            continue
        out.append(finding)
    return out
