"""What a model is to the check: its table, its columns, their types (by family) and enum bindings."""

from __future__ import annotations

from dataclasses import dataclass

#: Type names -> family; a type not listed is not compared.

#: Type names -> family; a type not listed is not compared.
TYPE_FAMILIES: dict[str, str] = {
    **dict.fromkeys(
        (
            "Integer",
            "BigInteger",
            "SmallInteger",
            "INTEGER",
            "BIGINT",
            "SMALLINT",
            "INT",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "PositiveBigIntegerField",
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "int",
        ),
        "integer",
    ),
    **dict.fromkeys(
        (
            "String",
            "Text",
            "Unicode",
            "UnicodeText",
            "VARCHAR",
            "CHAR",
            "TEXT",
            "NVARCHAR",
            "CharField",
            "TextField",
            "EmailField",
            "SlugField",
            "URLField",
            "FilePathField",
            "FileField",
            "ImageField",
            "GenericIPAddressField",
            "IPAddressField",
            "str",
        ),
        "text",
    ),
    **dict.fromkeys(("Boolean", "BOOLEAN", "BooleanField", "NullBooleanField", "bool"), "boolean"),
    **dict.fromkeys(("Numeric", "DECIMAL", "NUMERIC", "DecimalField", "Decimal"), "decimal"),
    **dict.fromkeys(("Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION", "FloatField", "float"), "float"),
    **dict.fromkeys(("DateTime", "TIMESTAMP", "DATETIME", "DateTimeField", "datetime"), "datetime"),
    **dict.fromkeys(("Date", "DATE", "DateField", "date"), "date"),
    **dict.fromkeys(("Time", "TIME", "TimeField", "time"), "time"),
    **dict.fromkeys(("Interval", "INTERVAL", "DurationField", "timedelta"), "interval"),
    **dict.fromkeys(("LargeBinary", "BLOB", "BINARY", "VARBINARY", "LargeBinary", "BinaryField", "bytes"), "binary"),
    **dict.fromkeys(("JSON", "JSONB", "JSONField"), "json"),
    **dict.fromkeys(("Uuid", "UUID", "UUIDField"), "uuid"),
    **dict.fromkeys(("ARRAY", "ArrayField"), "array"),
    **dict.fromkeys(("Enum", "ENUM"), "enum"),
}


@dataclass(frozen=True)
class EnumBinding:
    """``Enum(...)`` on a column: the database type name it gives (``name=``) and the labels it writes."""

    name: str | None
    labels: tuple[str, ...]
    source: str  #: "PyEnum names", "PyEnum values", "strings", "choices"


@dataclass(frozen=True)
class ModelColumn:
    """One column of a model, as the model declares it."""

    name: str  #: the database column name
    attribute: str
    line: int
    type_name: str | None = None
    #: True / False when the model says so, None when it leaves it unknown.
    nullable: bool | None = None
    primary_key: bool = False
    enum: EnumBinding | None = None
    foreign_key: str | None = None  #: "table.column"
    excerpt: str = ""

    @property
    def family(self) -> str | None:
        return TYPE_FAMILIES.get(self.type_name or "")


@dataclass(frozen=True)
class Model:
    """A class or ``Table(...)`` mapped to one database table."""

    path: str
    line: int
    name: str
    table: str
    schema: str | None
    kind: str  #: "sqlalchemy", "table" or "django"
    columns: tuple[ModelColumn, ...]
    #: Every column is known (no unresolved base, no dynamic ``__table_args__``): DB columns it lacks are findings.
    complete: bool = True

    def column(self, name: str) -> ModelColumn | None:
        return next((c for c in self.columns if c.name == name), None)
