"""MariaDB/MySQL builder of the parallel-column consolidation of inline ENUM columns.

Built for MariaDB >= 10.5 (``IF [NOT] EXISTS`` on column and index DDL, ``BEGIN NOT ATOMIC``
guards). DDL commits on its own in MySQL, so every statement is
idempotent or runs inside a guard that checks ``information_schema`` first: a file can be run
again after a failure at any statement. Triggers and functions are created under a strict
``sql_mode`` (they keep the mode they were created with, M8) and compare with ``BINARY`` (M3).
"""

from __future__ import annotations

from codemods.enum_sql.common import comment, header, helper_name, ident, literal, statement
from codemods.enum_sql.dependents import Retarget, parse_expression
from planner.enums import ColumnMigration, Consolidation
from planner.schema.model import Schema, Table
from planner.schema.unsafe_text import refuse_misread_trigger

D = "mysql"
NAME_MAX = 64
STRICT = "STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
#: Session variable set only by Guardian's backfill: wrapped user triggers skip the rows it writes.
BACKFILL_FLAG = "@guardian_em_backfill"


def enum_sql(labels: tuple[str, ...]) -> str:
    return "ENUM(" + ", ".join(literal(v, D) for v in labels) + ")"


def varchar(labels: tuple[str, ...]) -> str:
    return f"VARCHAR({max([len(v) for v in labels] + [1]) + 64})"


class MysqlBuilder:
    """Builds expand / switch / contract of one consolidation for MariaDB."""

    def __init__(self, plan: Consolidation, schema: Schema, *, batch_size: int = 5000) -> None:
        self.plan, self.schema, self.batch = plan, schema, batch_size
        self.labels = plan.canonical.labels
        self.works: list[tuple[Table, ColumnMigration]] = []
        for col in plan.columns:
            table = schema.table(col.table)
            assert table is not None
            self.works.append((table, col))

    # -- names -------------------------------------------------------------------------------------
    def t(self, table: Table) -> str:
        return ident(table.name, D)

    def fn(self, col: ColumnMigration, kind: str) -> str:
        return ident(helper_name(col.table, col.column, kind, limit=NAME_MAX), D)

    def trg(self, table: Table, kind: str) -> str:
        return ident(helper_name(table.name, kind, limit=NAME_MAX), D)

    def old_labels(self, col: ColumnMigration) -> tuple[str, ...]:
        enum = self.schema.enum(col.source)
        assert enum is not None
        return enum.labels

    def guard(self, table: Table, column: str, exists: bool, body: list[str]) -> str:
        """Run ``body`` only while ``column`` exists (or does not yet)."""
        test = (
            f"{'' if exists else 'NOT '}EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE "
            f"TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {literal(table.name, D)} AND COLUMN_NAME = {literal(column, D)})"
        )
        return "\n".join(["BEGIN NOT ATOMIC", f"  IF {test} THEN", *("    " + s for s in body), "  END IF;", "END//"])

    def session(self) -> list[str]:
        return [
            statement(f"SET SESSION sql_mode = {literal(STRICT, D)}", D) + ";",
            statement("SET SESSION lock_wait_timeout = 5", D) + ";",
        ]

    # -- pieces -------------------------------------------------------------------------------------
    def functions(self, col: ColumnMigration) -> list[str]:
        member = self.plan.member(col.source)
        old = self.old_labels(col)
        out = []
        for kind, pairs, src, dst in (
            ("fwd", member.pairs, old, self.labels),
            ("rev", tuple(member.reverse().items()), self.labels, old),
        ):
            message = literal(
                f"{col.table}.{col.column}: value has no {'canonical' if kind == 'fwd' else 'old'} equivalent", D
            )
            body = [
                f"CREATE FUNCTION {self.fn(col, kind)}(v {varchar(src)}) RETURNS {varchar(dst)} "
                "CHARACTER SET utf8mb4 DETERMINISTIC",
                "BEGIN",
                "  IF v IS NULL THEN RETURN NULL; END IF;",
            ]
            body += [f"  IF BINARY v = {literal(a, D)} THEN RETURN {literal(b, D)}; END IF;" for a, b in pairs]
            body += [f"  SIGNAL SQLSTATE '22007' SET MESSAGE_TEXT = {message};", "END//"]
            out += [statement(f"DROP FUNCTION IF EXISTS {self.fn(col, kind)}", D) + "//", "\n".join(body)]
        return out

    def triggers(self, table: Table) -> list[str]:
        cols = [c for t, c in self.works if t.key == table.key]
        bi = [f"CREATE TRIGGER {self.trg(table, 'bi')} BEFORE INSERT ON {self.t(table)} FOR EACH ROW", "BEGIN"]
        bu = [f"CREATE TRIGGER {self.trg(table, 'bu')} BEFORE UPDATE ON {self.t(table)} FOR EACH ROW", "BEGIN"]
        for col in cols:
            old, new = ident(col.column, D), ident(col.new_column, D)
            fwd, rev = self.fn(col, "fwd"), self.fn(col, "rev")
            conflict = literal(f"conflicting writes to {col.table}.{col.column} and {col.new_column}", D)
            bi += [
                f"  IF NEW.{new} IS NULL THEN SET NEW.{new} = {fwd}(NEW.{old});",
                f"  ELSE SET NEW.{old} = {rev}(NEW.{new}); END IF;",
            ]
            bu += [
                f"  IF NOT (NEW.{new} <=> OLD.{new}) THEN",
                f"    IF NOT (NEW.{old} <=> OLD.{old}) AND NOT (BINARY NEW.{old} <=> {rev}(NEW.{new})) THEN",
                f"      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {conflict};",
                "    END IF;",
                f"    SET NEW.{old} = {rev}(NEW.{new});",
                "  ELSE",
                f"    SET NEW.{new} = {fwd}(NEW.{old});",
                "  END IF;",
            ]
        return [
            statement(f"DROP TRIGGER IF EXISTS {self.trg(table, 'bi')}", D) + "//",
            "\n".join(bi + ["END//"]),
            statement(f"DROP TRIGGER IF EXISTS {self.trg(table, 'bu')}", D) + "//",
            "\n".join(bu + ["END//"]),
        ]

    def drop_sync(self, table: Table) -> list[str]:
        return [statement(f"DROP TRIGGER IF EXISTS {self.trg(table, k)}", D) + ";" for k in ("bi", "bu")]

    def drop_functions(self, col: ColumnMigration) -> list[str]:
        return [statement(f"DROP FUNCTION IF EXISTS {self.fn(col, k)}", D) + ";" for k in ("fwd", "rev")]

    def backfill(self, table: Table, col: ColumnMigration, *, reverse: bool) -> str:
        target, source = (col.column, col.new_column) if reverse else (col.new_column, col.column)
        fn = self.fn(col, "rev" if reverse else "fwd")
        pk = ident(table.primary_key[0], D) if len(table.primary_key) == 1 else None
        change = f"NOT (BINARY {ident(target, D)} <=> {fn}({ident(source, D)}))"
        # ON UPDATE CURRENT_TIMESTAMP columns keep their value only when assigned explicitly
        keep = "".join(
            f", {ident(c.name, D)} = {ident(c.name, D)}"
            for c in table.columns
            if c.on_update and c.name not in (target, source)
        )
        assign = f"{ident(target, D)} = {fn}({ident(source, D)}){keep}"
        if pk is None:
            return statement(f"UPDATE {self.t(table)} SET {assign} WHERE {change}", D) + "//"
        update = statement(
            f"UPDATE {self.t(table)} SET {assign} "
            f"WHERE {pk} >= _em_lo AND {pk} < _em_lo + {int(self.batch)} AND {change}",
            D,
        )
        return "\n".join(
            [
                "BEGIN NOT ATOMIC",
                "  DECLARE _em_lo, _em_hi BIGINT;",
                f"  SELECT MIN({pk}), MAX({pk}) INTO _em_lo, _em_hi FROM {self.t(table)};",
                "  WHILE _em_lo <= _em_hi DO",
                f"    {update};",
                f"    SET _em_lo = _em_lo + {int(self.batch)};",
                "  END WHILE;",
                "END//",
            ]
        )

    def quiet_triggers(self, table: Table, *, quiet: bool) -> list[str]:
        """Re-create the table's user triggers so they skip Guardian's backfill rows (``quiet``), or restore them.

        MariaDB cannot disable a trigger for one session. While ``@guardian_em_backfill`` is set (only
        the backfill sets it, in its own session) the wrapped bodies do nothing; every other session's
        writes run them as before. DROP + CREATE run under ``LOCK TABLES ... WRITE`` so no write slips
        in between; each trigger keeps its definer, ``sql_mode`` and order (all are re-created in order).
        Restoring re-creates the original statement verbatim.
        """
        triggers = sorted(self.schema.triggers_on(table), key=lambda t: (t.timing, t.events, t.order))
        if not triggers:
            return []
        for t in triggers:  # pasted verbatim below: the client must read each body as the server does
            refuse_misread_trigger(t)
        out = [
            f"-- {comment(table.name)}: {'wrap' if quiet else 'restore'} user triggers "
            f"{comment(', '.join(t.name for t in triggers))} (Guardian's backfill fires none of them)",
            statement(f"LOCK TABLES {self.t(table)} WRITE", D) + "//",
        ]
        out += [statement(f"DROP TRIGGER IF EXISTS {ident(t.name, D)}", D) + "//" for t in triggers]
        for t in triggers:
            user, _, host = t.definer.rpartition("@")
            definer = f"DEFINER = {literal(user, D)}@{literal(host, D)} " if user else ""
            # the body's own text is followed by a line break before any terminator: a body ending in a
            # ``-- ...`` or ``# ...`` comment (the server keeps it) would take a ``;`` or ``//`` on its line
            # with it, and the mariadb client would run CREATE TRIGGER unfinished after DROP TRIGGER ran (an
            # unclosed ``/* ...`` is refused by the server, so a body never ends inside one)
            body = f"IF {BACKFILL_FLAG} IS NULL THEN\n{t.body}\n;\nEND IF" if quiet else t.body
            out += [
                statement(f"SET SESSION sql_mode = {literal(t.sql_mode, D)}", D) + "//",
                f"CREATE {definer}TRIGGER {ident(t.name, D)} {t.timing} {t.events[0]} ON {self.t(table)} "
                f"FOR EACH ROW {body}\n//",
            ]
        out += [statement(f"SET SESSION sql_mode = {literal(STRICT, D)}", D) + "//", "UNLOCK TABLES//"]
        return out

    def spec(self, table: Table, col: ColumnMigration, new_name: str) -> Retarget:
        mapping = self.plan.member(col.source).forward()
        return Retarget(table.name, {col.column: (new_name, mapping)}, {}, None)

    def column_def(self, col: ColumnMigration, labels: tuple[str, ...], *, final: bool, original: bool) -> str:
        """``ENUM(...) [NOT NULL] [DEFAULT x]`` for the final (contracted or restored) column."""
        parts = [enum_sql(labels)]
        if final and col.not_null:
            parts.append("NOT NULL")
        else:
            parts.append("NULL")
        if final and col.default is not None:
            default = parse_expression(col.default, D)
            if not original:
                from codemods.enum_sql.dependents import _map_literal

                default = _map_literal(default, self.plan.member(col.source).forward())
            parts.append(f"DEFAULT {default.sql(D)}")
        return " ".join(parts)

    def position(self, table: Table, col: ColumnMigration) -> str:
        column = table.column(col.column)
        assert column is not None
        before = [c for c in table.columns if c.position < column.position]
        return f"AFTER {ident(before[-1].name, D)}" if before else "FIRST"


def tables(b: MysqlBuilder) -> list[Table]:
    seen: dict[str, Table] = {}
    for table, _ in b.works:
        seen.setdefault(table.key, table)
    return list(seen.values())


def cols(b: MysqlBuilder, table: Table) -> list[ColumnMigration]:
    return [c for t, c in b.works if t.key == table.key]


def sql_file(b: MysqlBuilder, step: str, direction: str, summary: str, body: list[str]) -> str:
    return "\n".join(header(step, direction, D, summary) + b.session() + ["DELIMITER //", *body, "DELIMITER ;"]) + "\n"


def backfills(b: MysqlBuilder, *, reverse: bool) -> list[str]:
    """The batched backfills, with the tables' user triggers quieted around them (see ``quiet_triggers``)."""
    from planner.enums_plan import trigger_mechanism

    out: list[str] = []
    for table in tables(b):
        mechanism, why = trigger_mechanism(b.schema, table)
        out.append(f"-- user triggers of {comment(table.name)}: {mechanism}: {comment(why)}")
    for table in tables(b):
        out += b.quiet_triggers(table, quiet=True)
    out.append(f"SET {BACKFILL_FLAG} = 1//")
    for table, col in b.works:
        out.append(b.backfill(table, col, reverse=reverse))
    out.append(f"SET {BACKFILL_FLAG} = NULL//")
    for table in tables(b):
        out += b.quiet_triggers(table, quiet=False)
    return out
