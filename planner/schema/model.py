"""The database model every schema reader returns: enum types and what depends on them.

One model for three sources (DDL files read with SQLGlot, a live PostgreSQL, a live MariaDB), so
the planner never cares where the facts came from. PostgreSQL enum types are named objects;
MariaDB/MySQL and SQLite enums are inline value lists of one column, modelled as an
:class:`EnumType` with ``inline=True`` named ``<table>.<column>``.

Expressions (defaults, index predicates, CHECKs, view queries) are kept as SQL text of the
model's dialect; :func:`planner.schema.normalize.normalize_sql` gives a source-independent form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_PG_SCHEMA = "public"


@dataclass(frozen=True)
class EnumType:
    """A named PostgreSQL enum type, or the inline value list of one MySQL/SQLite column."""

    schema: str
    name: str
    labels: tuple[str, ...]
    inline: bool = False

    @property
    def key(self) -> str:
        """Stable identity: ``schema.name`` (``name`` alone when there is no schema)."""
        return f"{self.schema}.{self.name}" if self.schema else self.name

    @property
    def display(self) -> str:
        """The name people use: the bare name in ``public`` (or for inline enums)."""
        return self.name if self.schema in ("", DEFAULT_PG_SCHEMA) else self.key


@dataclass(frozen=True)
class Column:
    """A table column; ``enum`` is the key of its enum type (element type for arrays)."""

    schema: str
    table: str
    name: str
    position: int
    data_type: str
    enum: str | None = None
    is_array: bool = False
    not_null: bool = False
    default: str | None = None
    #: MariaDB/MySQL ``ON UPDATE CURRENT_TIMESTAMP``: any row write would change it unless assigned explicitly.
    on_update: bool = False

    @property
    def qualified_table(self) -> str:
        return f"{self.schema}.{self.table}" if self.schema else self.table


@dataclass(frozen=True)
class Table:
    """A table: its columns in order and its primary key."""

    schema: str
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def column(self, name: str) -> Column | None:
        """Return the column called ``name``, or None."""
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Index:
    """An index; ``columns`` are the key expressions as SQL, ``predicate`` the partial WHERE."""

    schema: str
    table: str
    name: str
    columns: tuple[str, ...]
    predicate: str | None = None
    unique: bool = False


@dataclass(frozen=True)
class Check:
    """A CHECK constraint of a table, its expression as SQL text of the model's dialect."""

    schema: str
    table: str
    name: str
    expression: str


@dataclass(frozen=True)
class View:
    """A view; ``query`` is its SELECT, ``columns`` the ``table.column`` pairs it reads."""

    schema: str
    name: str
    query: str
    columns: tuple[str, ...] = ()
    materialized: bool = False
    #: What DROP + CREATE would lose (PostgreSQL): ``GRANT`` statements' privilege/grantee pairs, the comment,
    #: the options (``security_barrier=true``).
    grants: tuple[tuple[str, str], ...] = ()
    comment: str | None = None
    options: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(frozen=True)
class KeyConstraint:
    """A PRIMARY KEY, UNIQUE, FOREIGN KEY or EXCLUDE constraint (``kind`` p/u/f/x) and its columns."""

    schema: str
    table: str
    name: str
    kind: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Function:
    """A function whose signature uses an enum type (it blocks ``DROP TYPE``: review it)."""

    schema: str
    name: str
    argument_types: tuple[str, ...]
    enums: tuple[str, ...] = ()
    #: Enum types named in the body only (text match: listed for review, nothing depends on them in the catalog).
    body_enums: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trigger:
    """A user trigger on a table: Guardian's own row writes must not fire it (issue 15).

    ``enabled`` is PostgreSQL's ``tgenabled`` (``O`` origin, ``D`` disabled, ``R`` replica, ``A``
    always; ``O`` on MariaDB). ``body`` is the MariaDB action statement (re-created verbatim) or
    PostgreSQL's ``pg_get_triggerdef``; ``order``, ``sql_mode`` and ``definer`` are MariaDB's.
    """

    schema: str
    table: str
    name: str
    timing: str
    events: tuple[str, ...]
    enabled: str = "O"
    body: str = ""
    order: int = 1
    sql_mode: str = ""
    definer: str = ""

    @property
    def display(self) -> str:
        return f"{self.name} ({self.timing} {' OR '.join(self.events)}) on {_key(self.schema, self.table)}"


@dataclass(frozen=True)
class Schema:
    """Everything the planner needs to know about one database."""

    dialect: str
    enum_types: tuple[EnumType, ...] = ()
    tables: tuple[Table, ...] = ()
    indexes: tuple[Index, ...] = ()
    checks: tuple[Check, ...] = ()
    views: tuple[View, ...] = ()
    functions: tuple[Function, ...] = ()
    #: Statements the reader could not interpret (opaque to SQLGlot), as "file:line: text".
    opaque: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    key_constraints: tuple[KeyConstraint, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    #: Live row estimates per table key (``pg_class.reltuples``, ``TABLE_ROWS``), or rows counted in the DDL's data.
    row_counts: tuple[tuple[str, int], ...] = ()
    #: Objects a parallel-column migration cannot carry, keyed by ``schema.table.column`` or enum type key.
    blockers: tuple[tuple[str, str], ...] = ()
    #: What the connected role may do (live schemas only): ``superuser``, ``set_replication_role``,
    #: ``current_user``, ``set_user`` (MariaDB: may create triggers for another definer), ``trigger``.
    privileges: tuple[tuple[str, str], ...] = ()

    def privilege(self, name: str) -> str | None:
        return dict(self.privileges).get(name)

    def blockers_of(self, key: str) -> list[str]:
        """Descriptions of the objects that block migrating ``key`` (a column or an enum type)."""
        return [d for k, d in self.blockers if k == key]

    def rows(self, table_key: str) -> int | None:
        """The estimated row count of a table, or None when unknown."""
        return dict(self.row_counts).get(table_key)

    def triggers_on(self, table: Table) -> list[Trigger]:
        """User triggers of ``table`` (Guardian's own ``_em_`` triggers left out)."""
        return [
            t
            for t in self.triggers
            if t.schema == table.schema and t.table == table.name and not t.name.startswith("_em_")
        ]

    def enum(self, key: str) -> EnumType | None:
        """Return the enum type with this key (or bare name in ``public``), or None."""
        for item in self.enum_types:
            if item.key == key or item.display == key or (not item.inline and item.name == key):
                return item
        return None

    def table(self, key: str) -> Table | None:
        """Return the table with this key (``schema.name`` or bare name), or None."""
        return next((t for t in self.tables if t.key == key or t.name == key), None)

    def enum_columns(self, enum_key: str | None = None) -> list[Column]:
        """Columns whose type is an enum (or an array of one), optionally of one type only."""
        return [
            c for t in self.tables for c in t.columns if c.enum is not None and (enum_key is None or c.enum == enum_key)
        ]

    def indexes_on(self, table: Table, column: str) -> list[Index]:
        """Indexes of ``table`` whose keys or predicate mention ``column``."""
        from planner.schema.normalize import mentions_column

        return [
            i
            for i in self.indexes
            if i.schema == table.schema
            and i.table == table.name
            and (
                any(mentions_column(e, column, self.dialect) for e in i.columns)
                or (i.predicate is not None and mentions_column(i.predicate, column, self.dialect))
            )
        ]

    def checks_on(self, table: Table, column: str) -> list[Check]:
        """CHECK constraints of ``table`` that mention ``column``."""
        from planner.schema.normalize import mentions_column

        return [
            c
            for c in self.checks
            if c.schema == table.schema
            and c.table == table.name
            and mentions_column(c.expression, column, self.dialect)
        ]

    def keys_on(self, table: Table, column: str) -> list[KeyConstraint]:
        """PRIMARY KEY / UNIQUE / FOREIGN KEY / EXCLUDE constraints of ``table`` that include ``column``."""
        return [
            k
            for k in self.key_constraints
            if k.schema == table.schema and k.table == table.name and column in k.columns
        ]

    def views_on(self, table: Table, column: str) -> list[View]:
        """Views that read ``table.column``."""
        wanted = f"{table.name}.{column}"
        return [v for v in self.views if wanted in v.columns]

    def views_over(self, views: list[View]) -> list[View]:
        """Views (and materialized views) built on ``views``, transitively, innermost first."""
        out: list[View] = []
        names = {v.name for v in views}
        changed = True
        while changed:
            changed = False
            for view in self.views:
                if view.name in names:
                    continue
                if any(c.split(".", 1)[0] in names for c in view.columns):
                    out.append(view)
                    names.add(view.name)
                    changed = True
        return out

    def signature(self) -> dict[str, Any]:
        """A source-independent, name-keyed summary: equal for a DDL file and the database it built.

        Returns:
            Enum labels in order, enum columns (type, array, NOT NULL, default), indexes and CHECKs
            that touch enum columns (normalised SQL), views reading enum columns, functions.
        """
        from planner.schema.normalize import normalize_sql

        enum_cols = {(c.schema, c.table, c.name) for c in self.enum_columns()}
        tables_with_enums = {(s, t) for s, t, _ in enum_cols}
        return {
            "enum_types": {e.key: list(e.labels) for e in self.enum_types},
            "columns": {
                f"{c.qualified_table}.{c.name}": {
                    "enum": c.enum,
                    "array": c.is_array,
                    "not_null": c.not_null,
                    "default": normalize_sql(c.default, self.dialect) if c.default else None,
                }
                for c in self.enum_columns()
            },
            "indexes": {
                _key(i.schema, i.name): {
                    "columns": [normalize_sql(x, self.dialect) for x in i.columns],
                    "predicate": normalize_sql(i.predicate, self.dialect) if i.predicate else None,
                    "unique": i.unique,
                }
                for i in self.indexes
                if (i.schema, i.table) in tables_with_enums
            },
            "checks": {
                _key(c.schema, f"{c.table}.{c.name}"): normalize_sql(c.expression, self.dialect)
                for c in self.checks
                if (c.schema, c.table) in tables_with_enums
            },
            "views": {v.key: sorted(v.columns) for v in self.views},
            "functions": sorted(
                f"{f.schema}.{f.name}({', '.join(f.argument_types)})" for f in self.functions if f.enums
            ),
        }

    def to_json(self) -> list[dict[str, Any]]:
        """docs/design.md's ``database.enum_types``: each type with the columns using it."""
        out = []
        for e in self.enum_types:
            cols = self.enum_columns(e.key)
            out.append(
                {
                    "name": e.display,
                    "schema": e.schema,
                    "labels": list(e.labels),
                    "inline": e.inline,
                    "columns": [
                        {
                            "table": c.qualified_table,
                            "column": c.name,
                            "array": c.is_array,
                            "not_null": c.not_null,
                            "default": c.default,
                        }
                        for c in cols
                    ],
                }
            )
        return out


def _key(schema: str, name: str) -> str:
    return f"{schema}.{name}" if schema else name
