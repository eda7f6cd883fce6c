"""``guardian enums verify``: on a scratch copy run up, down, up and prove nothing changed that should not.

Compared (by column *name*: PostgreSQL cannot restore a column's position; a moved
column is reported separately in ``column_order`` with its consequence, see docs/enums.md):
after ``down`` the data and schema equal the original; after the second ``up`` they equal the
first ``up``. Data: per table, row count and an md5 over the rows rendered with named columns
(NULL distinct from ``'NULL'``), sorted. Schema: a name-keyed signature (enum labels in order,
columns with type/NOT NULL/default, indexes, CHECKs with validation state, views, functions,
triggers; MariaDB adds ``ORDINAL_POSITION``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from codemods.enum_sql.common import SqlStep
from codemods.enum_sql.runner import run_script
from codemods.enum_sql.scratch import scratch_copy
from codemods.errors import CodemodError
from failures import ExitCode
from planner.schema.connect import Dsn, connect


class VerifyFailed(CodemodError):
    """Up, down, up did not give back the same data or schema (exit 3)."""

    exit_code = ExitCode.CONFLICT


@dataclass(frozen=True)
class TableResult:
    table: str
    rows: int
    original: str
    after_up: str
    after_down: str
    after_reup: str

    @property
    def ok(self) -> bool:
        return self.original == self.after_down and self.after_up == self.after_reup

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "rows": self.rows,
            "original": self.original,
            "after_up": self.after_up,
            "after_down": self.after_down,
            "after_reup": self.after_reup,
            "equal": self.ok,
        }


@dataclass(frozen=True)
class VerifyReport:
    source: str
    scratch: str
    steps: int
    tables: tuple[TableResult, ...]
    schema_differences: tuple[str, ...]
    #: Columns whose position moved (PostgreSQL cannot restore it): reported with the consequence, not a failure.
    column_order: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables) and not self.schema_differences

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "scratch": self.scratch,
            "steps": self.steps,
            "ok": self.ok,
            "tables": [t.to_json() for t in self.tables],
            "schema_differences": list(self.schema_differences),
            "column_order": list(self.column_order),
        }


POSITION_CONSEQUENCE = (
    "code that INSERTs without a column list or reads SELECT * by position now gets the columns in another order"
)


def column_orders(conn: Any, dialect: str) -> dict[str, list[str]]:
    """Every base table's column names in their physical order.

    Returns:
        table -> column names.
    """
    with conn.cursor() as cur:
        if dialect == "postgres":
            cur.execute(
                "SELECT c.oid::regclass::text, array_agg(a.attname::text ORDER BY a.attnum) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
                "AND a.attnum > 0 AND NOT a.attisdropped WHERE c.relkind IN ('r', 'p') "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
                "GROUP BY c.oid"
            )
            return {str(t): list(cols) for t, cols in cur.fetchall()}
        cur.execute(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY TABLE_NAME, ORDINAL_POSITION"
        )
        out: dict[str, list[str]] = {}
        for table, column in cur.fetchall():
            out.setdefault(str(table), []).append(str(column))
        return out


def position_changes(before: dict[str, list[str]], after: dict[str, list[str]], when: str) -> list[str]:
    """One line per column whose position differs (columns present on both sides), with the consequence.

    Returns:
        ``"<table>: <col> moved from position 3 to 7 after up: ..."`` lines.
    """
    out = []
    for table in sorted(set(before) & set(after)):
        common = [c for c in before[table] if c in after[table]]
        old = {c: before[table].index(c) + 1 for c in common}
        new = {c: after[table].index(c) + 1 for c in common}
        moved = [c for c in common if old[c] != new[c]]
        if moved:
            detail = ", ".join(f"{c} {old[c]} -> {new[c]}" for c in moved)
            out.append(f"{table}: column order differs {when} ({detail}): {POSITION_CONSEQUENCE}")
    return out


def _pg_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _my_name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@dataclass(frozen=True)
class _RowDigest:
    """How one dialect lists its base tables and their columns (by name), and digests a table's rows."""

    setup: tuple[str, ...]
    tables: str
    #: a row of ``tables`` -> (the argument of ``columns``, the table's name in the result, the table quoted)
    entry: Callable[[tuple[Any, ...]], tuple[Any, str, str]]
    columns: str
    #: a column's name -> its value as text, NULL distinct from 'NULL'
    cell: Callable[[str], str]
    #: the count and digest query, with ``{cells}`` (the cells, comma-separated) and ``{table}``
    digest: str


_ROW_DIGESTS = {
    "postgres": _RowDigest(
        setup=(),
        tables="SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 2, 3",
        entry=lambda row: (row[0], f"{row[1]}.{row[2]}", f"{_pg_name(row[1])}.{_pg_name(row[2])}"),
        columns="SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attname",
        cell=lambda column: f"quote_nullable(t.{_pg_name(column)}::text)",
        digest="SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) "
        "FROM (SELECT concat_ws('|', {cells}) AS r FROM {table} t) x",
    ),
    "mysql": _RowDigest(
        setup=("SET SESSION group_concat_max_len = 1073741824",),
        tables="SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
        entry=lambda row: (row[0], row[0], _my_name(row[0])),
        columns="SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = %s ORDER BY COLUMN_NAME",
        cell=lambda column: f"IFNULL(QUOTE({_my_name(column)}), 'NULL')",
        digest="SELECT COUNT(*), MD5(IFNULL(GROUP_CONCAT(r ORDER BY r SEPARATOR '\\n'), '')) "
        "FROM (SELECT CONCAT_WS('|', {cells}) AS r FROM {table}) x",
    ),
}


def table_checksums(conn: Any, dialect: str) -> dict[str, tuple[int, str]]:
    """Row count and checksum of every base table, over its columns by name.

    Returns:
        table -> (rows, md5 hex).
    """
    sql = _ROW_DIGESTS["postgres" if dialect == "postgres" else "mysql"]
    out: dict[str, tuple[int, str]] = {}
    with conn.cursor() as cur:
        for statement in sql.setup:
            cur.execute(statement)
        cur.execute(sql.tables)
        for argument, name, table in [sql.entry(row) for row in cur.fetchall()]:
            cur.execute(sql.columns, (argument,))
            cells = ", ".join(sql.cell(row[0]) for row in cur.fetchall())
            cur.execute(sql.digest.format(cells=cells, table=table))
            count, digest = cur.fetchone()
            out[name] = (int(count), str(digest))
    return out


def schema_signature(conn: Any, dialect: str) -> dict[str, Any]:
    """The name-keyed schema signature used by verify (see the module docstring).

    Returns:
        JSON-comparable data.
    """
    with conn.cursor() as cur:
        if dialect == "postgres":
            from planner.schema.introspect_pg import introspect_postgres

            signature = introspect_postgres(conn, exclude_prefix="\x00").signature()
            cur.execute(
                "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid), convalidated "
                "FROM pg_constraint WHERE connamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname "
                "IN ('pg_catalog', 'information_schema')) ORDER BY 1"
            )
            signature["constraints"] = [list(r) for r in cur.fetchall()]
            cur.execute(
                "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
            )
            signature["triggers"] = [r[0] for r in cur.fetchall()]
            cur.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            )
            signature["all_functions"] = [r[0] for r in cur.fetchall()]
            cur.execute(
                "SELECT schemaname || '.' || indexname, indexdef FROM pg_indexes "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            )
            signature["index_definitions"] = [list(r) for r in cur.fetchall()]
            return signature
        from planner.schema.introspect_mysql import introspect_mysql

        signature = introspect_mysql(conn).signature()
        cur.execute(
            "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT "
            "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2"
        )
        signature["columns_all"] = [list(r) for r in cur.fetchall()]
        cur.execute(
            "SELECT TRIGGER_NAME, SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1"
        )
        signature["triggers"] = [list(r) for r in cur.fetchall()]
        cur.execute("SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1")
        signature["routines"] = [r[0] for r in cur.fetchall()]
        return signature


def _diff(a: dict[str, Any], b: dict[str, Any], label: str) -> list[str]:
    return [f"{label}: {key} differs" for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]


def verify_steps(dsn: Dsn, steps: Sequence[SqlStep], *, keep: bool = False) -> VerifyReport:
    """Run every step up, all down (newest first), all up again on a scratch copy of ``dsn`` and compare.

    Returns:
        The per-table report (``ok`` False on any difference).

    Raises:
        ScratchFailed: no scratch copy could be made. SqlFailed: a step failed on the copy (exit 3).
    """
    with scratch_copy(dsn, keep=keep) as copy:
        conn = connect(copy)
        try:
            original, sig0 = table_checksums(conn, dsn.dialect), schema_signature(conn, dsn.dialect)
            order0 = column_orders(conn, dsn.dialect)
            for step in steps:
                run_script(conn, step.up, dsn.dialect, f"{step.stem}.up.sql")
            after_up, sig1 = table_checksums(conn, dsn.dialect), schema_signature(conn, dsn.dialect)
            order1 = column_orders(conn, dsn.dialect)
            for step in reversed(steps):
                run_script(conn, step.down, dsn.dialect, f"{step.stem}.down.sql")
            after_down, sig2 = table_checksums(conn, dsn.dialect), schema_signature(conn, dsn.dialect)
            order2 = column_orders(conn, dsn.dialect)
            for step in steps:
                run_script(conn, step.up, dsn.dialect, f"{step.stem}.up.sql")
            after_reup, sig3 = table_checksums(conn, dsn.dialect), schema_signature(conn, dsn.dialect)
        finally:
            conn.close()
        tables = tuple(
            TableResult(
                t,
                original[t][0],
                original[t][1],
                after_up.get(t, (0, "-"))[1],
                after_down.get(t, (0, "-"))[1],
                after_reup.get(t, (0, "-"))[1],
            )
            for t in sorted(original)
        )
        differences = _diff(sig0, sig2, "after down vs original") + _diff(sig1, sig3, "after second up vs first up")
        moves = position_changes(order0, order1, "after up") + position_changes(order0, order2, "after down")
        return VerifyReport(dsn.label, copy.database, len(steps), tables, tuple(differences), tuple(moves))
