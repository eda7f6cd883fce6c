"""SQL text as the code spells it: sites, verbs, placeholders (no SQLGlot: the scan's workers use it).

DB-API placeholders (``%s``, ``%(name)s``) are rewritten to ``?`` / ``:name`` before SQLGlot
parses the text (planner/dbcheck/sql_text.py), so both the PostgreSQL and the MySQL dialect read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

#: Statements that define the schema rather than use it: not checked, never opaque.
DDL_VERBS = frozenset(
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


_LEADING = re.compile(r"^(\s|\(|--[^\n]*(\n|$)|/\*.*?\*/)+", re.DOTALL)
_WORD = re.compile(r"[A-Za-z]+")


def first_word(text: str) -> str:
    """The first word of ``text`` after comments, blanks and parentheses, upper-cased."""
    body = text if text[:1].isalpha() else _LEADING.sub("", text)  # most SQL starts with its verb
    word = _WORD.match(body)
    return word.group(0).upper() if word else ""


def is_sql(text: str) -> bool:
    """Whether ``text`` starts (after comments, blanks and parentheses) with a SQL verb."""
    return first_word(text) in _SQL_VERBS


#: What normalize_placeholders reads, leftmost first: a quoted string or identifier (to its closing
#: quote, or the end of an unterminated one), ``%(name)s``, ``%s``, ``%%``.
_PLACEHOLDER = re.compile(r"""'[^']*(?:'|\Z)|"[^"]*(?:"|\Z)|`[^`]*(?:`|\Z)|%\((\w+)\)s|%s|%%""")


def _placeholder(match: re.Match[str]) -> str:
    text = match.group(0)
    if text[0] != "%":
        return text  # quoted: kept as written
    name = match.group(1)
    return f":{name}" if name is not None else HOLE if text == "%s" else "%"


def normalize_placeholders(text: str) -> str:
    """``%(name)s`` -> ``:name``, ``%s`` -> ``?``, ``%%`` -> ``%``, outside quoted strings and identifiers."""
    return _PLACEHOLDER.sub(_placeholder, text) if "%" in text else text


class SqlFacts(NamedTuple):
    """What the database check needs of one Python file, read by the scan from the tree it parsed
    anyway (planner/read_facts.py) and kept in the facts cache."""

    sites: tuple[SqlSite, ...]  #: the file's SQL call sites
    models: bool  #: the text may declare a model: the check parses the file itself for them
    enums: bool  #: the text may define an enum class: the enum readers read it

    def at(self, path: str) -> SqlFacts:
        """The same facts with every site placed in ``path`` (facts read back from the cache have none)."""
        return self._replace(sites=tuple(replace(s, path=path) for s in self.sites)) if self.sites else self
