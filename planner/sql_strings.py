"""SQL in a Python string: its dotted names are qualified columns and tables, not module paths (issue 13, breaker FP4).

A package per entity whose modules are named like its columns (``orders/status.py``, ``orders/total.py``) and a
query ``"SELECT orders.status, orders.total FROM orders WHERE orders.customer = ?"``: apply rewrote each qualified
column to ``orders.WF1_..._status`` and the query failed (``no such column``). A string that starts with a SQL verb
(planner/sqlfind/sites.py's ``is_sql``) and that SQLGlot parses into a statement naming a table is SQL: a dotted name it reads as a column or a
table (``orders.status``, ``main.orders``) is left, by the plan (planner/path_mentions.py) and by apply
(codemods/string_rewriter.py) alike. A string literal inside the SQL is data and still read as any string is
(``INSERT INTO jobs VALUES ('jobs.handlers.run')``: a handler's path).
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from planner.sqlfind.sites import is_sql, normalize_placeholders

__all__ = ["sql_names"]

#: SQL longer than this is not parsed (a generated dump): its dotted names are read as any string's
_MAX_SQL = 100_000


@lru_cache(maxsize=1024)
def sql_names(text: str) -> frozenset[str]:
    """The dotted names SQLGlot reads as qualified columns or tables in ``text``, when ``text`` is SQL.

    Returns:
        ``{"orders.status", ...}``; empty when ``text`` is no SQL (no verb first, or SQLGlot cannot parse it).
    """
    if "." not in text or len(text) > _MAX_SQL or not is_sql(text):
        return frozenset()
    try:
        statements = sqlglot.parse(normalize_placeholders(text))
    except (SqlglotError, RecursionError, ValueError):
        return frozenset()
    names: set[str] = set()
    for statement in statements:
        if statement is None or isinstance(statement, exp.Command) or statement.find(exp.Table) is None:
            continue  # not read (SQLGlot kept the text whole), or no table: ``"select pkg.mod first"``, a message
        for node in statement.find_all(exp.Column, exp.Table):
            spelled = node.parts if isinstance(node, (exp.Column, exp.Table)) else []
            parts = [part.name for part in spelled if isinstance(part, exp.Identifier) and not part.quoted]
            if len(parts) > 1 and len(parts) == len(spelled):
                names.add(".".join(parts))
    return frozenset(names)
