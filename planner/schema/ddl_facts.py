"""What the DDL statements create, statement by statement: enum types, tables and their columns,
keys, checks, indexes, views and functions (read from SQLGlot expressions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlglot import Dialect, exp
from sqlglot.generator import Generator

from planner.schema.model import (
    DEFAULT_PG_SCHEMA,
    Check,
    Column,
    EnumType,
    Function,
    Index,
    KeyConstraint,
    Table,
)
from planner.schema.normalize import SQLGLOT_DIALECT


@dataclass
class DdlBuilder:
    """Collects facts statement by statement; enum references are resolved at the end."""

    dialect: str
    enum_types: list[EnumType] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    raw_views: list[tuple[str, str, str]] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    keys: list[KeyConstraint] = field(default_factory=list)
    opaque: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def default_schema(self) -> str:
        return DEFAULT_PG_SCHEMA if self.dialect == "postgres" else ""

    @cached_property
    def generator(self) -> Generator:
        """SQLGlot's generator for the dialect, made once (``node.sql(...)`` makes one per call)."""
        return Dialect.get_or_raise(SQLGLOT_DIALECT[self.dialect]).generator(normalize_functions=False)


def _schema_and_name(builder: DdlBuilder, table: exp.Expr) -> tuple[str, str]:
    if isinstance(table, exp.Schema):
        table = table.this
    db = table.args.get("db")
    schema = db.name if isinstance(db, exp.Expr) else ""
    if builder.dialect != "postgres":
        schema = ""  # MySQL: the database is the connection's; SQLite: main
    return (schema or builder.default_schema), table.name


def read_create(builder: DdlBuilder, node: exp.Create) -> None:
    kind = str(node.args.get("kind") or "").upper()
    if kind == "TYPE":
        body = node.args.get("expression")
        if isinstance(body, exp.DataType) and body.this == exp.DataType.Type.ENUM:
            schema, name = _schema_and_name(builder, node.this)
            builder.enum_types.append(EnumType(schema, name, tuple(e.name for e in body.expressions)))
    elif kind == "TABLE" and isinstance(node.this, exp.Schema):
        _read_table(builder, node)
    elif kind == "INDEX" and isinstance(node.this, exp.Index):
        index = node.this
        schema, table = _schema_and_name(builder, index.args["table"])
        params = index.args.get("params")
        columns = tuple(sql_of(c, builder) for c in (params.args.get("columns") or [])) if params else ()
        where = params.args.get("where") if params else None
        builder.indexes.append(
            Index(
                schema,
                table,
                index.name,
                columns,
                sql_of(where.this, builder) if where is not None else None,
                bool(node.args.get("unique")),
            )
        )
    elif kind == "VIEW":
        schema, name = _schema_and_name(builder, node.this)
        query = node.args.get("expression")
        if query is not None:
            builder.raw_views.append((schema, name, sql_of(query, builder)))
    elif kind in ("FUNCTION", "PROCEDURE") and isinstance(node.this, exp.UserDefinedFunction):
        schema, name = _schema_and_name(builder, node.this.this)
        types = tuple(
            sql_of(p.args["kind"], builder)
            for p in node.this.expressions
            if isinstance(p, exp.ColumnDef) and p.args.get("kind") is not None
        )
        builder.functions.append(Function(schema, name, types))


def _read_table(builder: DdlBuilder, node: exp.Create) -> None:
    schema, name = _schema_and_name(builder, node.this)
    columns: list[Column] = []
    primary: list[str] = []
    for item in node.this.expressions:
        if isinstance(item, exp.ColumnDef):
            columns.append(_read_column(builder, schema, name, len(columns) + 1, item))
            for constraint in item.args.get("constraints") or []:
                _read_key(builder, schema, name, f"{name}_{item.name}_key", constraint.kind, (item.name,))
            if item.find(exp.PrimaryKeyColumnConstraint):
                primary.append(item.name)
        elif isinstance(item, exp.IndexColumnConstraint):
            builder.indexes.append(Index(schema, name, item.name, tuple(sql_of(c, builder) for c in item.expressions)))
        elif isinstance(item, exp.PrimaryKey):
            primary.extend(sql_of(c, builder) for c in item.expressions)
        elif isinstance(item, exp.UniqueColumnConstraint | exp.ForeignKey):
            _read_key(builder, schema, name, f"{name}_key", item, ())
        elif isinstance(item, exp.Constraint):
            for sub in item.expressions:
                _read_key(builder, schema, name, item.name, sub, ())
                if isinstance(sub, exp.CheckColumnConstraint):
                    builder.checks.append(Check(schema, name, item.name, sql_of(sub.this, builder)))
                elif isinstance(sub, exp.PrimaryKey):
                    primary.extend(sql_of(c, builder) for c in sub.expressions)
        elif isinstance(item, exp.CheckColumnConstraint):
            builder.checks.append(Check(schema, name, f"{name}_check", sql_of(item.this, builder)))
    builder.tables.append(Table(schema, name, tuple(columns), tuple(primary)))


def _read_column(builder: DdlBuilder, schema: str, table: str, position: int, item: exp.ColumnDef) -> Column:
    kind = item.args.get("kind")
    constraints = [c.kind for c in item.args.get("constraints") or [] if isinstance(c, exp.ColumnConstraint)]
    not_null = any(
        isinstance(c, exp.NotNullColumnConstraint) and not c.args.get("allow_null") for c in constraints
    ) or any(isinstance(c, exp.PrimaryKeyColumnConstraint) for c in constraints)
    default = next((c.this for c in constraints if isinstance(c, exp.DefaultColumnConstraint)), None)
    enum: str | None = None
    is_array = False
    data_type = sql_of(kind, builder) if kind is not None else ""
    if isinstance(kind, exp.DataType):
        element = kind
        if kind.this == exp.DataType.Type.ARRAY and kind.expressions:
            element, is_array = kind.expressions[0], True
        if element.this == exp.DataType.Type.USERDEFINED:
            enum = "?" + _udt_name(builder, element)  # resolved against the enum types at the end
        elif element.this == exp.DataType.Type.ENUM:
            inline = EnumType("", f"{table}.{item.name}", tuple(e.name for e in element.expressions), inline=True)
            builder.enum_types.append(inline)
            enum = inline.key
    for check in (c for c in constraints if isinstance(c, exp.CheckColumnConstraint)):
        labels = _in_list_labels(check.this, item.name)
        if labels is not None and enum is None and builder.dialect == "sqlite":
            inline = EnumType("", f"{table}.{item.name}", labels, inline=True)
            builder.enum_types.append(inline)
            enum = inline.key
        else:
            builder.checks.append(Check(schema, table, f"{table}_{item.name}_check", sql_of(check.this, builder)))
    return Column(
        schema,
        table,
        item.name,
        position,
        data_type,
        enum,
        is_array,
        not_null,
        sql_of(default, builder) if default is not None else None,
    )


def _in_list_labels(node: exp.Expr, column: str) -> tuple[str, ...] | None:
    """``col IN ('a', 'b')`` -> ('a', 'b'): SQLite's spelling of an enum (TEXT + CHECK)."""
    if isinstance(node, exp.Paren):
        node = node.this
    if (
        isinstance(node, exp.In)
        and isinstance(node.this, exp.Column)
        and node.this.name == column
        and all(isinstance(e, exp.Literal) and e.is_string for e in node.expressions)
    ):
        return tuple(e.name for e in node.expressions)
    return None


def _names(node: exp.Expr | None) -> tuple[str, ...]:
    if node is None:
        return ()
    items = node.expressions if isinstance(node, exp.Schema) else [node]
    return tuple(i.name for i in items)


def _read_key(
    builder: DdlBuilder, schema: str, table: str, name: str, node: exp.Expr, columns: tuple[str, ...]
) -> None:
    """Record UNIQUE / PRIMARY KEY / FOREIGN KEY constraints (and the referenced side of a foreign key)."""
    if isinstance(node, exp.UniqueColumnConstraint):
        builder.keys.append(KeyConstraint(schema, table, name, "u", _names(node.this) or columns))
    elif isinstance(node, exp.PrimaryKeyColumnConstraint):
        builder.keys.append(KeyConstraint(schema, table, name, "p", columns))
    elif isinstance(node, exp.PrimaryKey):
        builder.keys.append(KeyConstraint(schema, table, name, "p", tuple(e.name for e in node.expressions)))
    elif isinstance(node, exp.ForeignKey | exp.Reference):
        reference = node.args.get("reference") if isinstance(node, exp.ForeignKey) else node
        own = tuple(e.name for e in node.expressions) if isinstance(node, exp.ForeignKey) else columns
        builder.keys.append(KeyConstraint(schema, table, name, "f", own))
        target = reference.this if isinstance(reference, exp.Reference) else None
        if isinstance(target, exp.Schema):
            ref_schema, ref_table = _schema_and_name(builder, target)
            builder.keys.append(KeyConstraint(ref_schema, ref_table, name, "r", _names(target)))


def _udt_name(builder: DdlBuilder, element: exp.DataType) -> str:
    kind = element.args.get("kind")
    text = kind.sql(SQLGLOT_DIALECT[builder.dialect]) if isinstance(kind, exp.Expr) else str(kind)
    parts = [p.strip('"') for p in text.split(".")]
    if len(parts) == 1:
        parts = [builder.default_schema, parts[0]]
    return ".".join(parts[-2:])


def read_alter(builder: DdlBuilder, node: exp.Alter) -> None:
    schema, name = _schema_and_name(builder, node.this)
    for action in node.args.get("actions") or []:
        constraint = action if isinstance(action, exp.Constraint) else action.find(exp.Constraint)
        if constraint is None:
            continue
        for sub in constraint.expressions:
            _read_key(builder, schema, name, constraint.name, sub, ())
            if isinstance(sub, exp.CheckColumnConstraint):
                builder.checks.append(Check(schema, name, constraint.name, sql_of(sub.this, builder)))
            elif isinstance(sub, exp.PrimaryKey):
                builder.tables = [
                    t
                    if t.key != (f"{schema}.{name}" if schema else name)
                    else Table(t.schema, t.name, t.columns, tuple(sql_of(c, builder) for c in sub.expressions))
                    for t in builder.tables
                ]


def sql_of(node: exp.Expr, builder: DdlBuilder) -> str:
    """``node.sql(dialect, normalize_functions=False)``, by the builder's one generator."""
    return builder.generator.generate(node)
