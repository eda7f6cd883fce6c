"""The database as the code check looks things up in it: tables and views with their columns, by name.

Built once from a :class:`~planner.schema.model.Schema` (DDL files or live introspection): the same
lookups, hence the same findings, whatever the source. Views count as tables whose columns are
the names their SELECT gives (``*`` expanded against the tables).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.schema.model import DEFAULT_PG_SCHEMA, Column, EnumType, Schema

if TYPE_CHECKING:
    from sqlglot.schema import MappingSchema

#: Schemas of the server's own catalogs: never "unknown tables".
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema", "mysql", "performance_schema", "sys"})

_FAMILIES: dict[str, tuple[str, ...]] = {
    "integer": (
        "INT",
        "BIGINT",
        "SMALLINT",
        "TINYINT",
        "MEDIUMINT",
        "SERIAL",
        "BIGSERIAL",
        "SMALLSERIAL",
        "UINT",
        "UBIGINT",
        "USMALLINT",
        "UTINYINT",
        "UMEDIUMINT",
        "INT128",
        "INT256",
    ),
    "text": (
        "VARCHAR",
        "CHAR",
        "TEXT",
        "NVARCHAR",
        "NCHAR",
        "MEDIUMTEXT",
        "LONGTEXT",
        "TINYTEXT",
        "CITEXT",
        "NAME",
        "BPCHAR",
        "STRING",
    ),
    "boolean": ("BOOLEAN", "BIT"),
    "decimal": ("DECIMAL", "MONEY", "SMALLMONEY", "UDECIMAL", "BIGDECIMAL"),
    "float": ("FLOAT", "DOUBLE", "REAL"),
    "datetime": ("TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMPLTZ", "DATETIME", "DATETIME2", "TIMESTAMPNTZ", "DATETIME64"),
    "date": ("DATE", "DATE32"),
    "time": ("TIME", "TIMETZ"),
    "interval": ("INTERVAL",),
    "binary": ("BINARY", "VARBINARY", "BLOB", "MEDIUMBLOB", "LONGBLOB", "TINYBLOB", "BYTEA", "IMAGE"),
    "json": ("JSON", "JSONB"),
    "uuid": ("UUID",),
    "enum": ("ENUM", "ENUM8", "ENUM16"),
}
_TYPE_FAMILY = {name: family for family, names in _FAMILIES.items() for name in names}
#: Pairs that read and write each other without a cast.
COMPATIBLE = frozenset({("enum", "text"), ("text", "enum")})


@dataclass(frozen=True)
class TableInfo:
    """A table or view as the check looks names up in it: its schema, name and column names."""

    schema: str
    name: str
    columns: tuple[str, ...]
    view: bool = False

    @property
    def display(self) -> str:
        return self.name if self.schema in ("", DEFAULT_PG_SCHEMA) else f"{self.schema}.{self.name}"


class Catalog:
    """Name lookups over one schema, in its dialect.

    SQLGlot is loaded only by a lookup that needs it (a view's columns, a type's family), so that a
    check whose every statement and model comes from the results cache runs without it.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.dialect = schema.dialect
        self.default_schema = DEFAULT_PG_SCHEMA if schema.dialect == "postgres" else ""
        self._tables: dict[tuple[str, str], TableInfo] = {}
        self._columns: dict[tuple[str, str, str], Column] = {}
        for table in schema.tables:
            self._tables[(table.schema, table.name)] = TableInfo(
                table.schema, table.name, tuple(c.name for c in table.columns)
            )
            for column in table.columns:
                self._columns[(table.schema, table.name, column.name)] = column
        self._sqlglot: MappingSchema | None = None  # the optimizer's schema, built once, on first use
        self._views_read = not schema.views  # a view's columns are read with SQLGlot on the first lookup
        self._fingerprint: str | None = None
        self._families: dict[str, str | None] = {}  # data type text -> family: SQLGlot builds each type once

    def _tables_and_views(self) -> dict[tuple[str, str], TableInfo]:
        if not self._views_read:
            self._views_read = True  # first: _view_columns looks up the tables (and earlier views)
            for view in self.schema.views:
                self._tables.setdefault(
                    (view.schema, view.name), TableInfo(view.schema, view.name, self._view_columns(view.query), True)
                )
        return self._tables

    def fingerprint(self) -> str:
        """A digest of everything the check reads from the schema: tables, views' queries, columns,
        types, enums (without SQLGlot: the views' queries stand for their columns)."""
        if self._fingerprint is None:
            facts = [
                (self.dialect,),
                sorted((k, v.columns, v.view) for k, v in self._tables.items() if not v.view),
                [(v.schema, v.name, v.query) for v in self.schema.views],
                sorted(
                    (k, c.data_type, c.enum, c.is_array, c.not_null, c.default is None)
                    for k, c in self._columns.items()
                ),
                sorted((e.key, e.labels, e.inline) for e in self.schema.enum_types),
            ]
            self._fingerprint = hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()
        return self._fingerprint

    def sqlglot_schema(self) -> MappingSchema:
        """The schema SQLGlot's optimizer qualifies against, built (and normalised) once."""
        if self._sqlglot is None:
            from sqlglot.schema import MappingSchema

            from planner.schema.normalize import SQLGLOT_DIALECT

            self._sqlglot = MappingSchema(self.mapping(), dialect=SQLGLOT_DIALECT[self.dialect])
        return self._sqlglot

    def _view_columns(self, query: str) -> tuple[str, ...]:
        import sqlglot
        from sqlglot import exp
        from sqlglot.optimizer.qualify import qualify

        from planner.schema.normalize import SQLGLOT_DIALECT

        try:
            node = sqlglot.parse_one(query, read=SQLGLOT_DIALECT[self.dialect])
            node = qualify(
                node,
                schema=self.mapping(),
                dialect=SQLGLOT_DIALECT[self.dialect],
                validate_qualify_columns=False,
                quote_identifiers=False,
            )
        except (sqlglot.errors.SqlglotError, KeyError, ValueError, TypeError, AttributeError):
            return ()
        return tuple(node.named_selects) if isinstance(node, exp.Query) else ()

    def mapping(self) -> dict[str, object]:
        """The ``{schema: {table: {column: type}}}`` (MySQL: ``{table: ...}``) mapping SQLGlot qualifies against."""
        if self.default_schema:
            nested: dict[str, dict[str, dict[str, str]]] = {}
            for (schema, name), info in self._tables_and_views().items():
                nested.setdefault(schema, {})[name] = {c: "TEXT" for c in info.columns}
            return dict(nested)
        return {name: {c: "TEXT" for c in info.columns} for (_, name), info in self._tables_and_views().items()}

    def table(self, schema: str | None, name: str) -> TableInfo | None:
        """The table or view ``schema.name`` (no schema: the default one, then any with that name)."""
        tables = self._tables_and_views()
        if schema:
            return tables.get((schema, name))
        found = tables.get((self.default_schema, name))
        if found is not None:
            return found
        matches = [t for (s, n), t in tables.items() if n == name]
        return matches[0] if len(matches) == 1 else None

    def ambiguous(self, name: str) -> bool:
        """Whether an unqualified ``name`` is in several schemas but not the default one (which is meant
        depends on a search path the code sets at run time: not an unknown table, not checked)."""
        tables = self._tables_and_views()
        if (self.default_schema, name) in tables:
            return False
        return sum(1 for (_, n) in tables if n == name) > 1

    def column(self, table: TableInfo, name: str) -> Column | None:
        """The real column (None for a view's column or an unknown name)."""
        return self._columns.get((table.schema, table.name, name))

    def enum_of(self, column: Column) -> EnumType | None:
        return self.schema.enum(column.enum) if column.enum and not column.is_array else None

    def enum_named(self, name: str) -> EnumType | None:
        bare = name.strip('"').lower()
        return next(
            (e for e in self.schema.enum_types if not e.inline and bare in (e.name.lower(), e.key.lower())), None
        )

    def near_table(self, name: str) -> str | None:
        names = sorted({t.display for t in self._tables_and_views().values()})
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        return close[0] if close else None

    def type_text(self, column: Column) -> str:
        """The column's type as SQLGlot prints it: the same text for a DDL file and the live catalog."""
        if column.enum:
            enum = self.schema.enum(column.enum)
            if enum is None:
                return column.data_type
            name = f"ENUM({', '.join(repr(x) for x in enum.labels)})" if enum.inline else enum.display
            return name + ("[]" if column.is_array else "")
        import sqlglot
        from sqlglot import exp

        from planner.schema.normalize import SQLGLOT_DIALECT

        try:
            return exp.DataType.build(column.data_type, dialect=SQLGLOT_DIALECT[self.dialect]).sql(
                dialect=SQLGLOT_DIALECT[self.dialect]
            )
        except (sqlglot.errors.SqlglotError, ValueError):
            return column.data_type

    def family(self, column: Column) -> str | None:
        """The type family of a database column (``enum``, ``integer``, ``text``...), None when unknown."""
        if column.is_array or column.data_type.endswith("[]"):
            return "array"
        if column.enum:
            return "enum"
        text = column.data_type
        if self.dialect == "mysql" and text.lower().replace(" ", "").startswith("tinyint(1)"):
            return "boolean"
        if text not in self._families:
            self._families[text] = self._family_of(text)
        return self._families[text]

    def _family_of(self, text: str) -> str | None:
        import sqlglot
        from sqlglot import exp

        from planner.schema.normalize import SQLGLOT_DIALECT

        try:
            built = exp.DataType.build(text, dialect=SQLGLOT_DIALECT[self.dialect])
        except (sqlglot.errors.SqlglotError, ValueError):
            return None
        if built.this == exp.DataType.Type.ARRAY:
            return "array"
        return _TYPE_FAMILY.get(built.this.name)


def near(name: str, options: tuple[str, ...] | list[str]) -> str | None:
    """The closest of ``options`` to ``name`` ("did you mean"), or None."""
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    if close:
        return close[0]
    squashed = name.replace("_", "").lower()
    return next(
        (
            o
            for o in options
            if squashed and (squashed in o.replace("_", "").lower() or o.replace("_", "").lower() in squashed)
        ),
        None,
    )
