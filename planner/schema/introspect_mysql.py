"""Live MariaDB/MySQL introspection through ``information_schema``: inline ENUM columns and their dependents."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from planner.schema.model import Check, Column, EnumType, Index, KeyConstraint, Schema, Table, Trigger, View
from planner.schema.normalize import view_columns

COLUMNS = """
SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, DATA_TYPE,
       LOWER(EXTRA) LIKE '%on update%'
FROM information_schema.COLUMNS c
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES
                     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE')
ORDER BY TABLE_NAME, ORDINAL_POSITION"""

INDEXES = """
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"""

PRIMARY = """
SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_NAME, SEQ_IN_INDEX"""

CHECKS = """
SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME"""

VIEWS = """
SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"""

FOREIGN_KEYS = """
SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, 'f' FROM information_schema.KEY_COLUMN_USAGE
WHERE CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
UNION ALL
SELECT REFERENCED_TABLE_NAME, CONSTRAINT_NAME, REFERENCED_COLUMN_NAME, 'r' FROM information_schema.KEY_COLUMN_USAGE
WHERE CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY 1, 2"""

TRIGGERS = """
SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT,
       SQL_MODE, DEFINER
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER"""

ROWS = """
SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"""

FOREIGN_KEY_INDEXES = """
SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'"""


def _quoted(column: str) -> str:
    """An index key as SQL: the column name in backticks, a backtick in it doubled (review 14)."""
    return exp.to_identifier(column, quoted=True).sql("mysql")


def enum_labels(column_type: str) -> tuple[str, ...]:
    """``enum('a','it''s')`` -> ('a', "it's"), parsed with SQLGlot so quotes are handled.

    Returns:
        The labels in declaration order.
    """
    node = exp.DataType.build(column_type, dialect="mysql")
    return tuple(e.name for e in node.expressions)


def introspect_mysql(conn: Any) -> Schema:
    """Read the inline ENUM columns of the connection's database.

    Returns:
        The model: one inline :class:`EnumType` per ENUM column, named ``table.column``.
    """
    with conn.cursor() as cur:
        cur.execute(PRIMARY)
        primary: dict[str, list[str]] = {}
        for table, column in cur.fetchall():
            primary.setdefault(table, []).append(column)
        cur.execute(COLUMNS)
        enums: list[EnumType] = []
        tables: dict[str, list[Column]] = {}
        for table, name, position, column_type, nullable, default, data_type, on_update in cur.fetchall():
            enum = None
            if str(data_type).lower() == "enum":
                item = EnumType("", f"{table}.{name}", enum_labels(column_type), inline=True)
                enums.append(item)
                enum = item.key
            if default is not None and str(default).upper() == "NULL":
                default = None
            tables.setdefault(table, []).append(
                Column(
                    "", table, name, int(position), column_type, enum, False, nullable == "NO", default, bool(on_update)
                )
            )
        cur.execute(FOREIGN_KEY_INDEXES)
        implicit = {(t, n) for t, n in cur.fetchall()}
        cur.execute(INDEXES)
        grouped: dict[tuple[str, str], tuple[bool, list[str]]] = {}
        for table, name, non_unique, column in cur.fetchall():
            grouped.setdefault((table, name), (not int(non_unique), []))[1].append(_quoted(column))
        indexes = tuple(
            Index("", t, n, tuple(cols), None, unique)
            for (t, n), (unique, cols) in grouped.items()
            if (t, n) not in implicit
        )
        cur.execute(CHECKS)
        checks = tuple(Check("", t, n, clause) for t, n, clause in cur.fetchall())
        cur.execute(FOREIGN_KEYS)
        fks: dict[tuple[str, str, str], list[str]] = {}
        for table, name, column, kind in cur.fetchall():
            fks.setdefault((table, name, kind), []).append(column)
        keys = tuple(KeyConstraint("", t, n, k, tuple(cols)) for (t, n, k), cols in fks.items())
        cur.execute(VIEWS)
        by_name = {t: [c.name for c in cols] for t, cols in tables.items()}
        views = tuple(View("", n, q, view_columns(q, by_name, "mysql")) for n, q in cur.fetchall())
        cur.execute(TRIGGERS)
        triggers = tuple(
            Trigger(
                "", t, n, str(timing), (str(event),), "O", str(body), int(order), str(mode or ""), str(definer or "")
            )
            for t, n, timing, event, order, body, mode, definer in cur.fetchall()
        )
        cur.execute(ROWS)
        rows = tuple((str(t), int(n or 0)) for t, n in cur.fetchall())
        cur.execute("SELECT CURRENT_USER()")
        user = str(cur.fetchone()[0])
        cur.execute("SHOW GRANTS")
        grants = " ".join(str(r[0]).upper() for r in cur.fetchall())
        everything = "ALL PRIVILEGES ON *.*" in grants
        privileges = (
            ("current_user", user),
            ("set_user", "yes" if everything or "SUPER" in grants or "SET USER" in grants else "no"),
            ("trigger", "yes" if everything or "TRIGGER" in grants or "ALL PRIVILEGES" in grants else "no"),
        )
    ordered = tuple(Table("", t, tuple(cols), tuple(primary.get(t, ()))) for t, cols in tables.items())
    return Schema(
        "mysql",
        tuple(enums),
        ordered,
        indexes,
        checks,
        views,
        (),
        (),
        ("live",),
        keys,
        triggers,
        rows,
        privileges=privileges,
    )
