"""Read DDL files (PostgreSQL, MySQL/MariaDB, SQLite, ``pg_dump --schema-only``) with SQLGlot.

Statements are split on SQLGlot's own semicolon tokens (so ``$$`` bodies and strings never split)
and parsed one by one: a statement SQLGlot falls back on (``Command``) is kept as opaque and
reported, a function SQLGlot cannot parse (``SECURITY DEFINER``) likewise; anything else that
does not parse is an :class:`~planner.errors.InputError` naming ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

from planner.errors import InputError
from planner.schema.model import (
    DEFAULT_PG_SCHEMA,
    Check,
    Column,
    EnumType,
    Function,
    Index,
    KeyConstraint,
    Schema,
    Table,
    View,
)
from planner.schema.normalize import SQLGLOT_DIALECT, view_columns

#: Statements SQLGlot cannot parse but that are valid and irrelevant to enums: kept as opaque.
_OPAQUE_ON_ERROR = re.compile(
    r"^\s*(CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|AGGREGATE|OPERATOR|TRIGGER|RULE|EVENT"
    r"|DEFINER)|ALTER\s+(FUNCTION|PROCEDURE|DEFAULT\s+PRIVILEGES)|COMMENT\s+ON|GRANT|REVOKE)\b",
    re.IGNORECASE,
)


@dataclass
class _Statement:
    text: str
    line: int


@dataclass
class _Builder:
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


def read_ddl_files(paths: list[Path], dialect: str, *, root: Path | None = None) -> Schema:
    """Read DDL files into one :class:`Schema` (later files may use types of earlier ones).

    Returns:
        The model of everything the files create.

    Raises:
        InputError: a file is missing or unreadable, or a statement does not parse (file:line).
    """
    if dialect not in SQLGLOT_DIALECT:
        raise InputError("[database] dialect", f"unknown dialect {dialect!r}", hint="use postgres, mysql or sqlite")
    builder = _Builder(dialect)
    shown_paths = []
    for path in paths:
        shown = _shown(path, root)
        shown_paths.append(shown)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(shown, "schema file not found", hint="fix [tool.guardian.database] schema") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(shown, f"cannot read: {exc}", hint="schema files must be UTF-8 text") from None
        for statement in split_statements(text, dialect, shown):
            _read_statement(builder, statement, shown)
    return _finish(builder, tuple(shown_paths))


def read_ddl_text(text: str, dialect: str, name: str = "<sql>") -> Schema:
    """Read DDL from a string (same rules as :func:`read_ddl_files`).

    Returns:
        The model.

    Raises:
        InputError: a statement does not parse.
    """
    builder = _Builder(dialect)
    for statement in split_statements(text, dialect, name):
        _read_statement(builder, statement, name)
    return _finish(builder, (name,))


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def split_statements(text: str, dialect: str, shown: str) -> list[_Statement]:
    """Split a script into statements on top-level semicolons, dropping psql meta-command lines.

    Returns:
        The statements with their first line number.

    Raises:
        InputError: the tokenizer fails (an unterminated string or quote), naming the line.
    """
    # pg_dump >= 15.14 writes `\restrict KEY`: psql meta-commands are not SQL; blank them (keep lines).
    lines = ["" if line.lstrip().startswith("\\") else line for line in text.split("\n")]
    text = "\n".join(lines)
    try:
        tokens = sqlglot.Dialect.get_or_raise(SQLGLOT_DIALECT[dialect]).tokenize(text)
    except sqlglot.errors.TokenError as exc:
        line = _line_of_error(str(exc)) or 1
        raise InputError(
            shown,
            f"cannot tokenize SQL: {str(exc).splitlines()[0][:120]}",
            line=line,
            hint="look for an unterminated quote or dollar-quoted body",
        ) from None
    out: list[_Statement] = []
    start = 0
    offsets = [0]
    for source_line in lines:
        offsets.append(offsets[-1] + len(source_line) + 1)
    for tok in [*tokens, None]:
        if tok is not None and tok.token_type != TokenType.SEMICOLON:
            continue
        end = tok.start if tok is not None else len(text)
        chunk = text[start:end]
        begin = start
        start = tok.end + 1 if tok is not None else len(text)
        if not _code(chunk):
            continue
        first = begin + (len(chunk) - len(chunk.lstrip()))
        # skip leading comment lines when computing the line of the statement
        stripped = chunk.lstrip()
        while stripped.startswith("--"):
            nl = stripped.find("\n")
            if nl < 0:
                break
            first += nl + 1 + (len(stripped[nl + 1 :]) - len(stripped[nl + 1 :].lstrip()))
            stripped = stripped[nl + 1 :].lstrip()
        line_no = next(i for i, off in enumerate(offsets) if off > first)
        out.append(_Statement(chunk.strip(), line_no))
    return out


def _code(chunk: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in chunk.splitlines())


def _line_of_error(message: str) -> int | None:
    found = re.search(r"[Ll]ine[: ]+(\d+)", message)
    return int(found.group(1)) if found else None


def _read_statement(builder: _Builder, statement: _Statement, shown: str) -> None:
    dialect = SQLGLOT_DIALECT[builder.dialect]
    try:
        node = sqlglot.parse_one(statement.text, read=dialect)
    except sqlglot.errors.ParseError as exc:
        code = "\n".join(ln for ln in statement.text.splitlines() if not ln.strip().startswith("--"))
        if _OPAQUE_ON_ERROR.match(code):
            builder.opaque.append(f"{shown}:{statement.line}: {_first_line(statement.text)}")
            return
        detail = exc.errors[0] if exc.errors else {}
        line = statement.line + int(detail.get("line", 1)) - 1 - _leading_comment_lines(statement.text)
        description = detail.get("description", str(exc).splitlines()[0])
        near = detail.get("highlight", "")
        raise InputError(
            shown,
            f"SQL does not parse as {builder.dialect}: {description}" + (f" near {near!r}" if near else ""),
            line=max(line, statement.line),
            hint="fix the statement, or check [tool.guardian.database] dialect",
        ) from None
    except sqlglot.errors.SqlglotError as exc:
        raise InputError(
            shown,
            f"SQL does not parse: {str(exc).splitlines()[0][:120]}",
            line=statement.line,
            hint="fix the statement",
        ) from None
    except RecursionError:  # a 3,000-deep CHECK: a clear error naming the statement, not a crash
        raise InputError(
            shown,
            "SQL nested too deeply to read",
            line=statement.line,
            hint="simplify the statement, or leave the file out of [tool.guardian.database] schema",
        ) from None
    if node is None:
        return
    if isinstance(node, exp.Command):
        builder.opaque.append(f"{shown}:{statement.line}: {_first_line(statement.text)}")
        return
    if isinstance(node, exp.Create):
        _read_create(builder, node)
    elif isinstance(node, exp.Alter) and node.args.get("kind") == "TABLE":
        _read_alter(builder, node)
    elif isinstance(node, exp.Insert) and isinstance(node.expression, exp.Values):
        # the DDL's own data: the row counts the canonical choice weighs when there is no database
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        if isinstance(target, exp.Table):
            key = (
                f"{target.db or builder.default_schema}.{target.name}"
                if builder.default_schema or target.db
                else target.name
            )
            builder.rows[key] = builder.rows.get(key, 0) + len(node.expression.expressions)


def _leading_comment_lines(text: str) -> int:
    count = 0
    for line in text.splitlines():
        if line.strip().startswith("--") or not line.strip():
            count += 1
        else:
            break
    return count


def _first_line(text: str) -> str:
    code = [ln for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    return code[0].strip()[:100] if code else ""


def _schema_and_name(builder: _Builder, table: exp.Expr) -> tuple[str, str]:
    if isinstance(table, exp.Schema):
        table = table.this
    db = table.args.get("db")
    schema = db.name if isinstance(db, exp.Expr) else ""
    if builder.dialect != "postgres":
        schema = ""  # MySQL: the database is the connection's; SQLite: main
    return (schema or builder.default_schema), table.name


def _read_create(builder: _Builder, node: exp.Create) -> None:
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
        columns = tuple(_sql(c, builder) for c in (params.args.get("columns") or [])) if params else ()
        where = params.args.get("where") if params else None
        builder.indexes.append(
            Index(
                schema,
                table,
                index.name,
                columns,
                _sql(where.this, builder) if where is not None else None,
                bool(node.args.get("unique")),
            )
        )
    elif kind == "VIEW":
        schema, name = _schema_and_name(builder, node.this)
        query = node.args.get("expression")
        if query is not None:
            builder.raw_views.append((schema, name, _sql(query, builder)))
    elif kind in ("FUNCTION", "PROCEDURE") and isinstance(node.this, exp.UserDefinedFunction):
        schema, name = _schema_and_name(builder, node.this.this)
        types = tuple(
            _sql(p.args["kind"], builder)
            for p in node.this.expressions
            if isinstance(p, exp.ColumnDef) and p.args.get("kind") is not None
        )
        builder.functions.append(Function(schema, name, types))


def _read_table(builder: _Builder, node: exp.Create) -> None:
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
            builder.indexes.append(Index(schema, name, item.name, tuple(_sql(c, builder) for c in item.expressions)))
        elif isinstance(item, exp.PrimaryKey):
            primary.extend(_sql(c, builder) for c in item.expressions)
        elif isinstance(item, exp.UniqueColumnConstraint | exp.ForeignKey):
            _read_key(builder, schema, name, f"{name}_key", item, ())
        elif isinstance(item, exp.Constraint):
            for sub in item.expressions:
                _read_key(builder, schema, name, item.name, sub, ())
                if isinstance(sub, exp.CheckColumnConstraint):
                    builder.checks.append(Check(schema, name, item.name, _sql(sub.this, builder)))
                elif isinstance(sub, exp.PrimaryKey):
                    primary.extend(_sql(c, builder) for c in sub.expressions)
        elif isinstance(item, exp.CheckColumnConstraint):
            builder.checks.append(Check(schema, name, f"{name}_check", _sql(item.this, builder)))
    builder.tables.append(Table(schema, name, tuple(columns), tuple(primary)))


def _read_column(builder: _Builder, schema: str, table: str, position: int, item: exp.ColumnDef) -> Column:
    kind = item.args.get("kind")
    constraints = [c.kind for c in item.args.get("constraints") or [] if isinstance(c, exp.ColumnConstraint)]
    not_null = any(
        isinstance(c, exp.NotNullColumnConstraint) and not c.args.get("allow_null") for c in constraints
    ) or any(isinstance(c, exp.PrimaryKeyColumnConstraint) for c in constraints)
    default = next((c.this for c in constraints if isinstance(c, exp.DefaultColumnConstraint)), None)
    enum: str | None = None
    is_array = False
    data_type = _sql(kind, builder) if kind is not None else ""
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
            builder.checks.append(Check(schema, table, f"{table}_{item.name}_check", _sql(check.this, builder)))
    return Column(
        schema,
        table,
        item.name,
        position,
        data_type,
        enum,
        is_array,
        not_null,
        _sql(default, builder) if default is not None else None,
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


def _read_key(builder: _Builder, schema: str, table: str, name: str, node: exp.Expr, columns: tuple[str, ...]) -> None:
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


def _udt_name(builder: _Builder, element: exp.DataType) -> str:
    kind = element.args.get("kind")
    text = kind.sql(SQLGLOT_DIALECT[builder.dialect]) if isinstance(kind, exp.Expr) else str(kind)
    parts = [p.strip('"') for p in text.split(".")]
    if len(parts) == 1:
        parts = [builder.default_schema, parts[0]]
    return ".".join(parts[-2:])


def _read_alter(builder: _Builder, node: exp.Alter) -> None:
    schema, name = _schema_and_name(builder, node.this)
    for action in node.args.get("actions") or []:
        constraint = action if isinstance(action, exp.Constraint) else action.find(exp.Constraint)
        if constraint is None:
            continue
        for sub in constraint.expressions:
            _read_key(builder, schema, name, constraint.name, sub, ())
            if isinstance(sub, exp.CheckColumnConstraint):
                builder.checks.append(Check(schema, name, constraint.name, _sql(sub.this, builder)))
            elif isinstance(sub, exp.PrimaryKey):
                builder.tables = [
                    t
                    if t.key != (f"{schema}.{name}" if schema else name)
                    else Table(t.schema, t.name, t.columns, tuple(_sql(c, builder) for c in sub.expressions))
                    for t in builder.tables
                ]


def _sql(node: exp.Expr, builder: _Builder) -> str:
    return node.sql(SQLGLOT_DIALECT[builder.dialect], normalize_functions=False)


def _finish(builder: _Builder, sources: tuple[str, ...]) -> Schema:
    keys = {e.key for e in builder.enum_types}
    tables = []
    for table in builder.tables:
        cols = []
        for col in table.columns:
            if col.enum is not None and col.enum.startswith("?"):
                wanted = col.enum[1:]
                col = Column(
                    col.schema,
                    col.table,
                    col.name,
                    col.position,
                    col.data_type,
                    wanted if wanted in keys else None,
                    col.is_array and wanted in keys,
                    col.not_null,
                    col.default,
                )
            cols.append(col)
        tables.append(Table(table.schema, table.name, tuple(cols), table.primary_key))
    by_name = {t.name: [c.name for c in t.columns] for t in tables}
    views = tuple(View(s, n, q, view_columns(q, by_name, builder.dialect)) for s, n, q in builder.raw_views)
    functions = tuple(
        Function(
            f.schema,
            f.name,
            f.argument_types,
            tuple(sorted(k for k in keys for t in f.argument_types if _type_matches(t, k, builder.default_schema))),
        )
        for f in builder.functions
    )
    return Schema(
        builder.dialect,
        tuple(builder.enum_types),
        tuple(tables),
        tuple(builder.indexes),
        tuple(builder.checks),
        views,
        tuple(f for f in functions if f.enums),
        tuple(builder.opaque),
        sources,
        tuple(builder.keys),
        row_counts=tuple(sorted(builder.rows.items())),
    )


def _type_matches(type_sql: str, key: str, default_schema: str) -> bool:
    bare = type_sql.replace('"', "").removesuffix("[]")
    return bare == key or f"{default_schema}.{bare}" == key
