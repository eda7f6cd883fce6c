"""SQL text as the code spells it, and how SQLGlot reads it: sites, verbs, placeholders, parsing.

DB-API placeholders (``%s``, ``%(name)s``) are rewritten to ``?`` / ``:name`` before SQLGlot
parses the text, so both the PostgreSQL and the MySQL dialect read them. What SQLGlot cannot read
is *opaque* (listed with its location, never guessed at); statements that define the schema rather
than use it are neither checked nor opaque.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from planner.schema.normalize import sqlglot_dialect

#: Statements that define the schema rather than use it: not checked, never opaque.
_DDL_VERBS = frozenset(
    {
        "CREATE",
        "ALTER",
        "DROP",
        "TRUNCATE",
        "GRANT",
        "REVOKE",
        "COMMENT",
        "SET",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "START",
        "SAVEPOINT",
        "RELEASE",
        "DO",
        "LOCK",
        "VACUUM",
        "ANALYZE",
        "REINDEX",
    }
)
_SQL_VERBS = frozenset(
    {
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "WITH",
        "CREATE",
        "ALTER",
        "DROP",
        "TRUNCATE",
        "MERGE",
        "REPLACE",
        "VALUES",
        "EXPLAIN",
        "COPY",
        "GRANT",
        "REVOKE",
        "CALL",
        "LOCK",
        "UPSERT",
    }
)
#: Stand-in for an interpolated piece of an f-string or concatenation (a bind parameter to SQLGlot).
HOLE = "?"


@dataclass(frozen=True)
class SqlSite:
    """One SQL text the code runs: ``path:line``, the text as spelled out, how it was found."""

    path: str
    line: int
    text: str
    origin: str  #: "execute", "text", "raw", ... or "sql-file"
    #: The result is read by position after this call (tuple unpacking, ``row[0]``, ``*row``).
    positional: bool = False
    #: Some piece was interpolated (an f-string value, a concatenated name): shown in opaque reasons.
    dynamic: bool = False
    #: The Python expression as written, for a dynamic text (``f"SELECT ... FROM {table}"``).
    source: str = ""
    #: Tables an earlier statement of the same ``.sql`` file creates (lower-cased): known to this one.
    local_tables: tuple[str, ...] = ()
    #: The schemas an earlier ``SET search_path`` of the same ``.sql`` file names, in order.
    search_path: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """What to show people: the code as written when pieces were interpolated, else the SQL."""
        return self.source or self.text


@dataclass(frozen=True)
class Parsed:
    """A site's statements, or why it is opaque."""

    site: SqlSite
    statements: tuple[exp.Expr, ...] = ()
    opaque: str | None = None


def first_word(text: str) -> str:
    """The first word of ``text`` after comments, blanks and parentheses, upper-cased."""
    body = re.sub(r"^(\s|\(|--[^\n]*(\n|$)|/\*.*?\*/)+", "", text, flags=re.DOTALL)
    word = re.match(r"[A-Za-z]+", body)
    return word.group(0).upper() if word else ""


def is_sql(text: str) -> bool:
    """Whether ``text`` starts (after comments, blanks and parentheses) with a SQL verb."""
    return first_word(text) in _SQL_VERBS


def normalize_placeholders(text: str) -> str:
    """``%(name)s`` -> ``:name``, ``%s`` -> ``?``, ``%%`` -> ``%``, outside quoted strings and identifiers."""
    out: list[str] = []
    i, n = 0, len(text)
    quote: str | None = None
    while i < n:
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == quote:
                quote = None
            i += 1
            continue
        if ch in "'\"`":
            quote = ch
            out.append(ch)
            i += 1
            continue
        if ch == "%":
            named = re.match(r"%\((\w+)\)s", text[i:])
            if named:
                out.append(f":{named.group(1)}")
                i += named.end()
                continue
            if text.startswith("%s", i):
                out.append(HOLE)
                i += 2
                continue
            if text.startswith("%%", i):
                out.append("%")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_site(site: SqlSite, dialect: str) -> Parsed:
    """Parse a site's text with SQLGlot in ``dialect``; what SQLGlot cannot read is opaque.

    Returns:
        The statements (``exp.Command`` fallbacks count as opaque), or the reason it is opaque.
    """
    if first_word(site.text) in _DDL_VERBS:
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
