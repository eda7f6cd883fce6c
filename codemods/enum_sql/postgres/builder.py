"""PostgreSQL builder of the parallel-column ENUM consolidation (expand / switch / contract, up and down).

Statements SQLGlot can express are built as SQLGlot expressions (or parsed from templates whose
variable parts are quoted by SQLGlot) and rendered with the fixpoint check. PL/pgSQL bodies
(mapping functions, sync triggers, batched backfill, guards) are minimal text whose pieces are
quoted by SQLGlot; every name in a body is schema-qualified (bodies run with the writer's
``search_path``). Recipe and pitfalls: docs/design.md
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from codemods.enum_sql.common import (
    comment,
    derived_name,
    dollar_quote,
    header,
    helper_name,
    ident,
    identifier,
    literal,
    qualified,
    render,
    statement,
    table_node,
)
from codemods.enum_sql.dependents import Retarget, parse_expression, retarget
from planner.enums import ColumnMigration, Consolidation, MemberMap
from planner.schema.model import Check, Index, Schema, Table, View

D = "postgres"
LOCK_TIMEOUT = "5s"
#: Transaction-local setting the backfill sets so the sync trigger (``WHEN``) skips the rows it writes itself.
SKIP_NAME = "guardian.em_backfill"
SKIP_SETTING = f"current_setting('{SKIP_NAME}', true)"
#: A PL/pgSQL body is compiled under the setting of the session that calls it (the application's, for
#: the sync trigger): it runs with ``standard_conforming_strings = on`` whatever the caller's is. The SQL
#: mapping functions have no SET (it would stop PostgreSQL inlining them in the backfill): their labels
#: are written ``E'...'`` when they hold a backslash, which reads the same under either setting.
CONFORMING_FN = "SET standard_conforming_strings = on"


@dataclass(frozen=True)
class TableWork:
    table: Table
    columns: tuple[ColumnMigration, ...]
    pk: str | None


class PostgresBuilder:
    """Builds the three steps of one consolidation for PostgreSQL."""

    def __init__(self, plan: Consolidation, schema: Schema, *, batch_size: int = 5000) -> None:
        self.plan, self.schema, self.batch = plan, schema, batch_size
        self.canonical = plan.canonical
        self.ctype = qualified(self.canonical.schema, self.canonical.name, D)
        self.helpers_schema = self.canonical.schema or "public"
        self.tables: list[TableWork] = []
        for col in plan.columns:
            table = schema.table(f"{col.schema}.{col.table}")
            assert table is not None
            existing = next((t for t in self.tables if t.table.key == table.key), None)
            if existing is None:
                pk = table.primary_key[0] if len(table.primary_key) == 1 else None
                self.tables.append(TableWork(table, (col,), pk))
            else:
                self.tables[self.tables.index(existing)] = TableWork(table, existing.columns + (col,), existing.pk)
        self.members = [m for m in plan.members if any(c.source == m.source for c in plan.columns)]

    # -- names -------------------------------------------------------------------------------------
    def mtype(self, member: MemberMap) -> str:
        enum = self.schema.enum(member.source)
        assert enum is not None
        return qualified(enum.schema, enum.name, D)

    def fn(self, member: MemberMap, kind: str) -> str:
        enum = self.schema.enum(member.source)
        assert enum is not None
        return qualified(self.helpers_schema, helper_name(enum.name, kind), D)

    def sync_fn(self, work: TableWork) -> str:
        return qualified(self.helpers_schema, helper_name(work.table.name, "sync"), D)

    def trigger(self, work: TableWork) -> str:
        return ident(helper_name(work.table.name, "sync"), D)

    def tbl(self, work: TableWork) -> str:
        return qualified(work.table.schema, work.table.name, D)

    def member_of(self, col: ColumnMigration) -> MemberMap:
        return self.plan.member(col.source)

    def col_fn(self, col: ColumnMigration, direction: str) -> str:
        return self.fn(self.member_of(col), ("arr_" if col.is_array else "") + direction)

    @staticmethod
    def nn_name(work: TableWork, col: ColumnMigration, suffix: str) -> str:
        return derived_name(f"{work.table.name}_{col.column}", suffix)

    # -- dependents ----------------------------------------------------------------------------------
    def spec(self, work: TableWork, forward: bool = True) -> Retarget:
        cols = {c.column: (c.new_column, self.member_of(c).forward()) for c in work.columns}
        types = {}
        for c in work.columns:
            enum = self.schema.enum(c.source)
            assert enum is not None
            types[enum.name] = self.member_of(c).forward()
        new_type = exp.DataType.build(self.ctype, dialect=D, udt=True)
        return Retarget(work.table.name, cols, types, new_type)

    def indexes(self, work: TableWork) -> list[Index]:
        seen: dict[str, Index] = {}
        for col in work.columns:
            for index in self.schema.indexes_on(work.table, col.column):
                seen[index.name] = index
        return list(seen.values())

    def checks(self, work: TableWork) -> list[Check]:
        seen: dict[str, Check] = {}
        for col in work.columns:
            for check in self.schema.checks_on(work.table, col.column):
                seen[check.name] = check
        return list(seen.values())

    def views(self) -> list[View]:
        seen: dict[str, View] = {}
        for work in self.tables:
            for col in work.columns:
                for view in self.schema.views_on(work.table, col.column):
                    seen[view.key] = view
        return list(seen.values())

    def index_sql(self, work: TableWork, index: Index, *, new: bool) -> str:
        cols = ", ".join(index.columns)
        where = f" WHERE {index.predicate}" if index.predicate else ""
        unique = "UNIQUE " if index.unique else ""
        name = derived_name(index.name, "_new") if new else index.name
        node = statement(
            f"CREATE {unique}INDEX CONCURRENTLY IF NOT EXISTS {ident(name, D)} ON {self.tbl(work)} ({cols}){where}", D
        )
        parsed = parse_template(node)
        if new:
            parsed = retarget(parsed, self.spec(work))
        return render(parsed, D) + ";"

    def check_sql(self, work: TableWork, check: Check, *, new: bool) -> list[str]:
        name = derived_name(check.name, "_new") if new else check.name
        expr = parse_expression(check.expression, D)
        if new:
            expr = retarget(expr, self.spec(work))
        add = statement(
            f"ALTER TABLE {self.tbl(work)} DROP CONSTRAINT IF EXISTS {ident(name, D)}, "
            f"ADD CONSTRAINT {ident(name, D)} CHECK ({expr.sql(D)}) NOT VALID",
            D,
        )
        return [add + ";", self.validate(work, name)]

    def validate(self, work: TableWork, name: str) -> str:
        return (
            render(
                exp.Command(this="ALTER", expression=f"TABLE {self.tbl(work)} VALIDATE CONSTRAINT {ident(name, D)}"), D
            )
            + ";"
        )

    def opening(self, step: str, direction: str) -> list[str]:
        """The first lines of a file: the header (step, direction, what it consolidates), the lock timeout."""
        return header(step, direction, D, summary(self.plan)) + [lock_timeout(), ""]

    def add_column(self, work: TableWork, column: str, type_name: str, *, exists: bool = False) -> str:
        """``ALTER TABLE ... ADD COLUMN [IF NOT EXISTS] column type_name`` (``type_name[]`` when given so)."""
        kind = exp.DataType.build(type_name, dialect=D, udt=True)
        flags = {"exists": True} if exists else {}
        return (
            render(
                exp.Alter(
                    this=exp.to_table(self.tbl(work), dialect=D),
                    kind="TABLE",
                    actions=[exp.ColumnDef(this=identifier(column), kind=kind, **flags)],
                ),
                D,
            )
            + ";"
        )

    def not_null_check(self, work: TableWork, name: str, column: str) -> str:
        """The ``CHECK (column IS NOT NULL) NOT VALID`` constraint ``name``, replacing one of that name."""
        return (
            statement(
                f"ALTER TABLE {self.tbl(work)} DROP CONSTRAINT IF EXISTS {ident(name, D)}, ADD CONSTRAINT "
                f"{ident(name, D)} CHECK ({ident(column, D)} IS NOT NULL) NOT VALID",
                D,
            )
            + ";"
        )

    def default_sql(self, col: ColumnMigration) -> str | None:
        if col.default is None:
            return None
        node = parse_expression(col.default, D)
        while isinstance(node, (exp.Cast, exp.Paren)):
            node = node.this
        if not (isinstance(node, exp.Literal) and node.is_string):
            return None
        from codemods.enum_sql.dependents import _map_literal

        mapped = _map_literal(node, self.member_of(col).forward())
        target = self.ctype + ("[]" if col.is_array else "")
        return exp.Cast(this=mapped, to=exp.DataType.build(target, dialect=D, udt=True)).sql(D)

    # -- mapping functions ---------------------------------------------------------------------------
    def mapping_functions(self) -> list[str]:
        out: list[str] = []
        for member in self.members:
            out += self.member_functions(member)
        return out

    def member_functions(self, member: MemberMap) -> list[str]:
        mtype, enum = self.mtype(member), self.schema.enum(member.source)
        assert enum is not None
        v = exp.column("v")
        text_v = exp.cast(v, "TEXT")
        fwd_ifs = [exp.If(this=exp.Literal.string(s), true=exp.Literal.string(d)) for s, d in member.pairs if s != d]
        fwd_body: exp.Expr = (
            exp.Case(this=text_v.copy(), ifs=fwd_ifs, default=text_v.copy()) if fwd_ifs else text_v.copy()
        )
        fwd_select = exp.select(exp.Cast(this=fwd_body, to=exp.DataType.build(self.ctype, dialect=D, udt=True)))
        rev_pairs = list(member.reverse().items())
        missing = literal(f"no {enum.display} equivalent: ", D)
        rev_case = exp.Case(
            this=text_v.copy(),
            ifs=[exp.If(this=exp.Literal.string(c), true=exp.Literal.string(s)) for c, s in rev_pairs],
            default=exp.DPipe(this=parse_expression(missing, D), expression=text_v.copy()),
        )
        rev_select = exp.select(exp.Cast(this=rev_case, to=exp.DataType.build(mtype, dialect=D, udt=True)))
        out = [
            f"CREATE OR REPLACE FUNCTION {self.fn(member, 'fwd')}(v {mtype}) RETURNS {self.ctype}\n"
            f"    LANGUAGE sql STABLE PARALLEL SAFE\n    AS {dollar_quote(f' {render(fwd_select, D)} ', 'fn')};",
            "-- reverse map: a canonical label with no counterpart fails the enum cast, loudly, naming the type;",
            "-- STABLE, not IMMUTABLE: the text->enum cast is stable, and only then does PostgreSQL inline the body",
            f"CREATE OR REPLACE FUNCTION {self.fn(member, 'rev')}(v {self.ctype}) RETURNS {mtype}\n"
            f"    LANGUAGE sql STABLE PARALLEL SAFE\n    AS {dollar_quote(f' {render(rev_select, D)} ', 'fn')};",
        ]
        if any(c.is_array for c in self.plan.columns if c.source == member.source):
            for kind, src, dst in (("arr_fwd", mtype, self.ctype), ("arr_rev", self.ctype, mtype)):
                element = self.fn(member, kind.removeprefix("arr_"))
                body = (
                    "\nBEGIN\n"
                    "  IF array_ndims(a) > 1 OR array_lower(a, 1) <> 1 THEN\n"
                    "    RAISE EXCEPTION 'only 1-D, 1-based enum arrays are supported: %', a;\n  END IF;\n"
                    f"  RETURN COALESCE((SELECT array_agg({element}(e) ORDER BY i)\n"
                    f"                   FROM unnest(a) WITH ORDINALITY AS u(e, i)), CAST('{{}}' AS {dst}[]));\n"
                    "END "
                )
                out.append(
                    f"CREATE OR REPLACE FUNCTION {self.fn(member, kind)}(a {src}[]) RETURNS {dst}[]\n"
                    f"    LANGUAGE plpgsql STABLE STRICT {CONFORMING_FN} AS {dollar_quote(body, 'fn')};"
                )
        return out

    def drop_mapping_functions(self) -> list[str]:
        out = []
        for member in self.members:
            mtype = self.mtype(member)
            if any(c.is_array for c in self.plan.columns if c.source == member.source):
                out.append(statement(f"DROP FUNCTION IF EXISTS {self.fn(member, 'arr_fwd')}({mtype}[])", D) + ";")
                out.append(statement(f"DROP FUNCTION IF EXISTS {self.fn(member, 'arr_rev')}({self.ctype}[])", D) + ";")
            out.append(statement(f"DROP FUNCTION IF EXISTS {self.fn(member, 'fwd')}({mtype})", D) + ";")
            out.append(statement(f"DROP FUNCTION IF EXISTS {self.fn(member, 'rev')}({self.ctype})", D) + ";")
        return out

    # -- sync trigger -----------------------------------------------------------------------------
    def sync_function(self, work: TableWork) -> str:
        lines = ["", "BEGIN"]
        for col in work.columns:
            old, new = ident(col.column, D), ident(col.new_column, D)
            fwd, rev = self.col_fn(col, "fwd"), self.col_fn(col, "rev")
            where = literal(f"conflicting writes to {work.table.name}.{col.column} and {col.new_column}", D)
            lines += [
                "  IF TG_OP = 'INSERT' THEN",
                f"    IF NEW.{new} IS NULL THEN NEW.{new} := {fwd}(NEW.{old});",
                f"    ELSE NEW.{old} := {rev}(NEW.{new}); END IF;",
                f"  ELSIF NEW.{new} IS DISTINCT FROM OLD.{new} THEN",
                f"    IF NEW.{old} IS DISTINCT FROM OLD.{old} AND NEW.{old} IS DISTINCT FROM {rev}(NEW.{new}) THEN",
                f"      RAISE EXCEPTION {where} USING ERRCODE = '23514';",
                "    END IF;",
                f"    NEW.{old} := {rev}(NEW.{new});",
                f"  ELSIF NEW.{old} IS DISTINCT FROM OLD.{old} OR NEW.{new} IS DISTINCT FROM {fwd}(NEW.{old}) THEN",
                f"    NEW.{new} := {fwd}(NEW.{old});",
                "  END IF;",
            ]
        lines += ["  RETURN NEW;", "END "]
        return (
            f"CREATE OR REPLACE FUNCTION {self.sync_fn(work)}() RETURNS trigger LANGUAGE plpgsql {CONFORMING_FN} AS "
            f"{dollar_quote(chr(10).join(lines), 'fn')};"
        )

    def create_trigger(self, work: TableWork) -> list[str]:
        cols = ", ".join(ident(n, D) for c in work.columns for n in (c.column, c.new_column))
        return [
            statement(f"DROP TRIGGER IF EXISTS {self.trigger(work)} ON {self.tbl(work)}", D) + ";",
            statement(
                f"CREATE TRIGGER {self.trigger(work)} BEFORE INSERT OR UPDATE OF {cols} ON {self.tbl(work)} "
                f"FOR EACH ROW WHEN ({SKIP_SETTING} IS DISTINCT FROM 'on') "
                f"EXECUTE FUNCTION {self.sync_fn(work)}()",
                D,
            )
            + ";",
        ]

    def drop_trigger(self, work: TableWork) -> list[str]:
        return [
            statement(f"DROP TRIGGER IF EXISTS {self.trigger(work)} ON {self.tbl(work)}", D) + ";",
            statement(f"DROP FUNCTION IF EXISTS {self.sync_fn(work)}()", D) + ";",
        ]

    def guard(self, work: TableWork, column: str, exists: bool, body: list[str]) -> str:
        """A DO block running ``body`` once: skipped when ``column`` already exists (or no longer does)."""
        check = (
            f"EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = "
            f"CAST({literal(self.tbl(work), D)} AS regclass) AND attname = {literal(column, D)} AND NOT attisdropped)"
        )
        skip = check if exists else f"NOT {check}"
        # only each statement's first line is indented: a quoted name or label may hold a line break
        inner = "\n".join("  " + stmt for stmt in body)
        return do_block(["BEGIN", f"  IF {skip} THEN RETURN; END IF;", inner, "END"])


def parse_template(text: str) -> exp.Expr:
    """Re-parse rendered SQL (to transform it as a tree)."""
    import sqlglot

    node = sqlglot.parse_one(text, read=D)
    assert node is not None
    return node


def lock_timeout() -> str:
    return statement(f"SET lock_timeout = {literal(LOCK_TIMEOUT, D)}", D) + ";"


def create_type_sql(plan: Consolidation) -> str:
    """``CREATE TYPE`` of a canonical type that does not exist yet, skipped when it does."""
    node = exp.Create(
        this=table_node(plan.canonical.schema, plan.canonical.name),
        kind="TYPE",
        expression=exp.DataType(
            this=exp.DataType.Type.ENUM, expressions=[exp.Literal.string(v) for v in plan.canonical.labels]
        ),
    )
    return do_block(["BEGIN", "  " + render(node, D) + ";", "EXCEPTION WHEN duplicate_object THEN NULL;", "END"])


def do_block(lines: list[str]) -> str:
    """``DO $em$ ... $em$;`` with a dollar-quote tag absent from the body (labels and names may hold ``$em$``)."""
    return f"DO {dollar_quote(chr(10) + chr(10).join(lines) + ' ', 'em')};"


def summary(plan: Consolidation) -> str:
    """The one-line summary in every file's header: ``canonical <- members``."""
    return f"{plan.canonical.display} <- {', '.join(m.source.removeprefix('public.') for m in plan.members)}"


def trigger_note(b: PostgresBuilder, work: TableWork) -> str:
    from planner.enums_plan import trigger_mechanism

    mechanism, why = trigger_mechanism(b.schema, work.table)
    return f"-- user triggers: {mechanism}: {comment(why)}"


def qualified_index(schema: str, name: str) -> str:
    return qualified(schema, name, D)
