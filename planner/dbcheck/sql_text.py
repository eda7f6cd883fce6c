"""How SQLGlot reads the SQL the code runs (planner/sqlfind finds it): statements, or why it is opaque.

What SQLGlot cannot read is *opaque* (listed with its location, never guessed at); statements that
define the schema rather than use it are neither checked nor opaque.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from planner.schema.normalize import sqlglot_dialect
from planner.sqlfind.sites import DDL_VERBS, SqlSite, first_word, normalize_placeholders


@dataclass(frozen=True)
class Parsed:
    """A site's statements, or why it is opaque."""

    site: SqlSite
    statements: tuple[exp.Expr, ...] = ()
    opaque: str | None = None


def parse_site(site: SqlSite, dialect: str) -> Parsed:
    """Parse a site's text with SQLGlot in ``dialect``; what SQLGlot cannot read is opaque.

    Returns:
        The statements (``exp.Command`` fallbacks count as opaque), or the reason it is opaque.
    """
    if first_word(site.text) in DDL_VERBS:
        return Parsed(site)  # it defines the schema: the schema readers' business, not a use
    try:
        statements = [
            s for s in sqlglot.parse(normalize_placeholders(site.text), read=sqlglot_dialect(dialect)) if s is not None
        ]
    except sqlglot.errors.SqlglotError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        why = "built from interpolated pieces" if site.dynamic else "SQLGlot cannot parse it"
        return Parsed(site, opaque=f"{why}: {first[:160]}")
    if not statements or any(isinstance(s, exp.Command) for s in statements):
        return Parsed(site, opaque="SQLGlot reads it only as an opaque command")
    if any(isinstance(t.this, (exp.Placeholder, exp.Parameter)) for s in statements for t in s.find_all(exp.Table)):
        return Parsed(site, opaque="a table name is interpolated at run time")
    return Parsed(site, tuple(statements))
