"""How SQLGlot reads the SQL the code runs (planner/sqlfind finds it): statements, or why it is opaque.

What SQLGlot cannot read is *opaque* (listed with its location, never guessed at); statements that
define the schema rather than use it are neither checked nor opaque.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import sqlglot
from sqlglot import exp

from planner.dbcheck.labels import LABEL_NODES
from planner.schema.normalize import sqlglot_dialect
from planner.sqlfind.sites import DDL_VERBS, SqlSite, first_word, normalize_placeholders


@dataclass
class Nodes:
    """The nodes of one statement the check looks at, gathered in one walk of its tree."""

    tables: list[exp.Table] = field(default_factory=list)
    columns: list[exp.Column] = field(default_factory=list)
    compared: list[exp.Expr] = field(default_factory=list)  #: where labels may be written (LABEL_NODES)
    ctes: set[str] = field(default_factory=set)  #: the names of its CTEs
    nested: bool = False  #: a CTE, subquery or set operation: qualification needs SQLGlot's optimizer


#: What :func:`gather` does with a node, by its class (the isinstance tests made once per class:
#: most of a tree's nodes are identifiers and literals, which every test passed over).
_OTHER, _COLUMN, _COMPARED, _TABLE, _CTE, _NESTED, _SELECT = range(7)
_ROLES: dict[type, int] = {}


def _role(kind: type) -> int:
    role = (
        _COLUMN
        if issubclass(kind, exp.Column)
        else _COMPARED
        if issubclass(kind, LABEL_NODES)
        else _TABLE
        if issubclass(kind, exp.Table)
        else _CTE
        if issubclass(kind, exp.CTE)
        else _NESTED
        if issubclass(kind, (exp.Subquery, exp.SetOperation))
        else _SELECT
        if issubclass(kind, exp.Select)
        else _OTHER
    )
    _ROLES[kind] = role
    return role


def gather(statement: exp.Expr) -> Nodes:
    """One walk of ``statement``'s tree (breadth first, as SQLGlot's ``find_all``)."""
    out = Nodes()
    roles = _ROLES
    for node in statement.walk():
        role = roles.get(type(node))
        if role is None:
            role = _role(type(node))
        if role == _OTHER:
            continue
        if role == _COLUMN:
            out.columns.append(cast(exp.Column, node))  # its class is a Column's (_role)
        elif role == _COMPARED:
            out.compared.append(node)
        elif role == _TABLE:
            out.tables.append(cast(exp.Table, node))
        elif role == _CTE:
            out.ctes.add(node.alias_or_name)
            out.nested = True
        elif role == _NESTED or node is not statement:  # a Select: nested unless it is the statement
            out.nested = True
    return out


@dataclass(frozen=True)
class Parsed:
    """A site's statements (and the nodes of each, :func:`gather`), or why it is opaque."""

    site: SqlSite
    statements: tuple[exp.Expr, ...] = ()
    opaque: str | None = None
    nodes: tuple[Nodes, ...] = ()


class SqlReader:
    """SQLGlot's tokenizer and parser for one dialect, made once for many texts: ``sqlglot.parse``
    makes both anew for each (a quarter of the time of parsing the benchmark's 412 statements).
    Both start afresh on every text they are given."""

    def __init__(self, dialect: str) -> None:
        found = sqlglot.Dialect.get_or_raise(sqlglot_dialect(dialect))
        self._tokenizer = found.tokenizer()
        self._parser = found.parser()

    def parse(self, text: str) -> list[exp.Expr | None]:
        """What ``sqlglot.parse(text, read=dialect)`` gives.

        Raises:
            sqlglot.errors.SqlglotError: as ``sqlglot.parse``, and for what SQLGlot's parser raises
                beside its own errors on some texts (a ``TypeError`` where a whole clause stands in a
                ``%s``: ``"... %s ORDER BY 2" % where``, read as PostgreSQL's ``?`` operator with
                nothing after it), so that such SQL is opaque like any other SQLGlot cannot read.
        """
        try:
            return self._parser.parse(self._tokenizer.tokenize(text), text)
        except (TypeError, ValueError, AttributeError, IndexError, KeyError, RecursionError) as exc:
            raise sqlglot.errors.ParseError(f"SQLGlot failed on it ({type(exc).__name__}: {exc})") from exc


def parse_site(site: SqlSite, dialect: str, reader: SqlReader | None = None) -> Parsed:
    """Parse a site's text with SQLGlot in ``dialect`` (with ``reader``, made for that dialect, when
    the caller has one); what SQLGlot cannot read is opaque.

    Returns:
        The statements (``exp.Command`` fallbacks count as opaque), or the reason it is opaque.
    """
    if first_word(site.text) in DDL_VERBS:
        return Parsed(site)  # it defines the schema: the schema readers' business, not a use
    try:
        parsed = (reader or SqlReader(dialect)).parse(normalize_placeholders(site.text))
        statements = [s for s in parsed if s is not None]
    except sqlglot.errors.SqlglotError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        why = "built from interpolated pieces" if site.dynamic else "SQLGlot cannot parse it"
        return Parsed(site, opaque=f"{why}: {first[:160]}")
    if not statements or any(isinstance(s, exp.Command) for s in statements):
        return Parsed(site, opaque="SQLGlot reads it only as an opaque command")
    nodes = tuple(gather(s) for s in statements)  # walked once, for this test and the check
    if any(isinstance(t.this, (exp.Placeholder, exp.Parameter)) for n in nodes for t in n.tables):
        return Parsed(site, opaque="a table name is interpolated at run time")
    return Parsed(site, tuple(statements), nodes=nodes)
