"""Source-independent SQL text, so a DDL file and the catalog of the database it built compare equal.

The catalog spells ``status = 'x'`` as ``(status = 'x'::order_status)`` and ``IN (...)`` as
``= ANY (ARRAY[...])``; the DDL author did not. Both normalise to the same text here: parentheses
dropped, casts of literals to user-defined types dropped, ``= ANY(ARRAY[...])`` turned into
``IN (...)``, column qualifiers removed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

logging.getLogger("sqlglot").setLevel(logging.ERROR)

_PLAIN = re.compile(r"^[a-z_][a-z0-9_]*$")

#: SQLGlot dialect name per Guardian dialect.
SQLGLOT_DIALECT = {"postgres": "postgres", "mysql": "mysql", "sqlite": "sqlite"}


@lru_cache(maxsize=8)
def sqlglot_dialect(dialect: str) -> Dialect:
    """SQLGlot's dialect object for one of :data:`SQLGLOT_DIALECT`'s keys, built once: handing
    SQLGlot the name makes it look the dialect up again on every call (a third of parsing a short
    statement with the compiled SQLGlot)."""
    return Dialect.get_or_raise(SQLGLOT_DIALECT[dialect])


def parse_expression(text: str, dialect: str) -> exp.Expr:
    """Parse one SQL expression (not a statement).

    Returns:
        The SQLGlot expression.

    Raises:
        sqlglot.errors.ParseError: the text is not an expression of this dialect.
    """
    select = sqlglot.parse_one(f"SELECT {text}", read=SQLGLOT_DIALECT[dialect])
    if not isinstance(select, exp.Select) or len(select.expressions) != 1:
        raise sqlglot.errors.ParseError(f"not one expression: {text!r}")
    first: exp.Expr = select.expressions[0]
    return first


def _this(node: exp.Expr) -> exp.Expr:
    inner = node.this
    assert isinstance(inner, exp.Expr)
    return inner


def _is_literalish(node: exp.Expr) -> bool:
    return isinstance(node, (exp.Literal, exp.Null)) or (
        isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal)
    )


def _simplify(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Paren):
        return _this(node)
    if isinstance(node, exp.Cast) and _is_literalish(node.this):
        target = node.to
        if target.this in (exp.DataType.Type.USERDEFINED, exp.DataType.Type.ARRAY) or target.is_type(
            "text", "numeric", "int", "bigint"
        ):
            return _this(node)
    if (
        isinstance(node, exp.Cast)
        and isinstance(node.this, (exp.Array, exp.Column))
        and node.to.this in (exp.DataType.Type.USERDEFINED, exp.DataType.Type.ARRAY, exp.DataType.Type.TEXT)
    ):
        return _this(node)
    if isinstance(node, exp.EQ) and isinstance(node.expression, exp.Any):
        inner = node.expression.this
        if isinstance(inner, exp.Paren):
            inner = inner.this
        if isinstance(inner, exp.Cast):
            inner = inner.this
        if isinstance(inner, exp.Array):
            return exp.In(this=node.this, expressions=[_strip(e) for e in inner.expressions])
    if isinstance(node, exp.Column) and node.table:
        return exp.column(node.name, quoted=node.this.quoted if isinstance(node.this, exp.Identifier) else False)
    if isinstance(node, exp.Identifier) and node.quoted and _PLAIN.match(node.name):
        return exp.to_identifier(node.name, quoted=False)
    if isinstance(node, exp.Ordered) and not node.args.get("desc"):
        return _this(node)
    return node


def _strip(node: exp.Expr) -> exp.Expr:
    return node.transform(_simplify)


@lru_cache(maxsize=4096)
def normalize_sql(text: str | None, dialect: str) -> str | None:
    """The normalised form of an expression (unparseable text is returned with blanks collapsed).

    Returns:
        Comparable SQL text, or None for None.
    """
    if text is None:
        return None
    try:
        node = parse_expression(text, dialect)
    except sqlglot.errors.SqlglotError:
        return " ".join(text.split())
    for _ in range(3):  # nested parens/casts peel one layer per pass
        node = _strip(node)
    return node.sql(SQLGLOT_DIALECT[dialect], normalize_functions=False)


def mentions_column(text: str, column: str, dialect: str) -> bool:
    """Whether the expression ``text`` references a column named ``column``."""
    try:
        node = parse_expression(text, dialect)
    except sqlglot.errors.SqlglotError:
        return column in text
    return any(c.name == column for c in node.find_all(exp.Column))


def view_columns(query: str, table_columns: Mapping[str, Iterable[str]], dialect: str) -> tuple[str, ...]:
    """The ``table.column`` pairs a view's SELECT reads, resolving aliases and unqualified names.

    Args:
        query: the SELECT text.
        table_columns: bare table name -> its column names (to place unqualified columns).

    Returns:
        Sorted pairs; empty when the query does not parse.
    """
    try:
        node = sqlglot.parse_one(query, read=SQLGLOT_DIALECT[dialect])
    except sqlglot.errors.SqlglotError:
        return ()
    aliases: dict[str, str] = {}
    for table in node.find_all(exp.Table):
        aliases[table.alias_or_name] = table.name
        aliases[table.name] = table.name
    in_from = sorted(set(aliases.values()))
    found: set[str] = set()
    for col in node.find_all(exp.Column):
        if col.table:
            owner = aliases.get(col.table)
            if owner:
                found.add(f"{owner}.{col.name}")
            continue
        for name in in_from:
            if col.name in set(table_columns.get(name, ())):
                found.add(f"{name}.{col.name}")
    return tuple(sorted(found))
