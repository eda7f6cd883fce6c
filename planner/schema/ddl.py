"""Read DDL files (PostgreSQL, MySQL/MariaDB, SQLite, ``pg_dump --schema-only``) with SQLGlot.

Statements are split on SQLGlot's own semicolon tokens (:mod:`planner.schema.sql_statements`: ``$$``
bodies and strings never split) and parsed one by one; what each creates is read by
:mod:`planner.schema.ddl_facts`. A statement SQLGlot falls back on (``Command``) is kept as opaque
and reported, a function SQLGlot cannot parse (``SECURITY DEFINER``) likewise; anything else that
does not parse is an :class:`~planner.errors.InputError` naming ``file:line``.
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlglot
from sqlglot import exp

from planner.errors import InputError
from planner.schema.ddl_facts import DdlBuilder, read_alter, read_create
from planner.schema.model import Column, Function, Schema, Table, View
from planner.schema.normalize import SQLGLOT_DIALECT, view_columns
from planner.schema.sql_statements import Statement, split_statements
from planner.schema.unsafe_text import refuse_nul

#: Statements SQLGlot cannot parse but that are valid and irrelevant to enums: kept as opaque.
_OPAQUE_ON_ERROR = re.compile(
    r"^\s*(CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|AGGREGATE|OPERATOR|TRIGGER|RULE|EVENT"
    r"|DEFINER)|ALTER\s+(FUNCTION|PROCEDURE|DEFAULT\s+PRIVILEGES)|COMMENT\s+ON|GRANT|REVOKE)\b",
    re.IGNORECASE,
)


def read_ddl_files(paths: list[Path], dialect: str, *, root: Path | None = None) -> Schema:
    """Read DDL files into one :class:`Schema` (later files may use types of earlier ones).

    Returns:
        The model of everything the files create.

    Raises:
        InputError: a file is missing or unreadable, holds a NUL, or a statement does not parse (file:line).
    """
    if dialect not in SQLGLOT_DIALECT:
        raise InputError("[database] dialect", f"unknown dialect {dialect!r}", hint="use postgres, mysql or sqlite")
    builder = DdlBuilder(dialect)
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
        refuse_nul(text, shown)
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
    refuse_nul(text, name)
    builder = DdlBuilder(dialect)
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


def _read_statement(builder: DdlBuilder, statement: Statement, shown: str) -> None:
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
        read_create(builder, node)
    elif isinstance(node, exp.Alter) and node.args.get("kind") == "TABLE":
        read_alter(builder, node)
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


def _finish(builder: DdlBuilder, sources: tuple[str, ...]) -> Schema:
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
