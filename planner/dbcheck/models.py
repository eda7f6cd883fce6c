"""ORM models the code declares, read with ``ast`` (never imported).

SQLAlchemy: declarative classes (``__tablename__``; ``Column``/``mapped_column`` or a bare
``Mapped[...]`` annotation; columns of mixins and abstract bases declared in the repository are
inherited) and ``Table("name", metadata, Column("c", ...), ...)``. Nullability follows SQLAlchemy:
``nullable=`` when given; else ``Mapped[X | None]``/``Optional`` is nullable and ``Mapped[X]`` is not;
a primary key is NOT NULL; a plain ``Column(...)`` without ``nullable=`` is left unknown (SQLAlchemy
makes it nullable, but that is rarely a statement about the database, so it is not compared).

Django: ``models.Model`` subclasses (and subclasses of those); table ``Meta.db_table``, else
``<app_label>_<model name lower-cased>`` with the app the package directory holding the models
module; fields ``x = models.XField(...)`` are columns ``x`` (``x_id`` for ``ForeignKey`` and
``OneToOneField``, ``db_column=`` wins), ``null`` defaults to False, an ``id`` primary key is
implicit; ``ManyToManyField`` has no column. ``choices`` are labels the code writes.

Enum bindings: ``Enum(PyEnum, name=...)`` writes the members' *names* unless ``values_callable``
is given (SQLAlchemy's rule), ``Enum("a", "b")`` its strings.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from planner.code_enums import CodeEnum

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
_DJANGO_NO_COLUMN = frozenset({"ManyToManyField", "GenericRelation", "GenericForeignKey"})
_DJANGO_FK = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})
_SA_COLUMN = frozenset({"Column", "mapped_column"})


@dataclass(frozen=True)
class EnumBinding:
    """``Enum(...)`` on a column: the database type name it gives (``name=``) and the labels it writes."""

    name: str | None
    labels: tuple[str, ...]
    source: str  #: "PyEnum names", "PyEnum values", "strings", "choices"


@dataclass(frozen=True)
class ModelColumn:
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


@dataclass
class _ClassFacts:
    path: str
    node: ast.ClassDef
    bases: tuple[str, ...]
    tablename: str | None
    schema: str | None
    columns: list[ModelColumn] = field(default_factory=list)
    django: bool = False
    abstract: bool = False
    meta: dict[str, object] = field(default_factory=dict)
    dynamic: bool = False
    module: str = ""


#: Text of a module that may declare a model: others are not parsed for models.
MODEL_HINT = re.compile(r"\bColumn\(|mapped_column|Mapped\[|\bTable\(|models\.|\bModel\b")
_BOUND = re.compile(r"\bEnum\(\s*([A-Za-z_]\w*)|Mapped\[\s*([A-Za-z_]\w*)|([A-Za-z_]\w*)\.choices\b")


_MODEL_WORDS = ("Column(", "mapped_column", "Mapped[", "Table(", "models.", "Model")


def may_declare_models(source: str) -> bool:
    """Whether ``source`` may declare a model (a plain substring test first: most files do not)."""
    return any(word in source for word in _MODEL_WORDS) and MODEL_HINT.search(source) is not None


def enum_names_bound(files: Iterable[tuple[str, str, ast.Module | None]]) -> set[str]:
    """Names of classes that models may bind as enums (``Enum(Name``, ``Mapped[Name]``, ``Name.choices``)."""
    out: set[str] = set()
    for _, source, _ in files:
        for match in _BOUND.finditer(source):
            out.add(next(g for g in match.groups() if g))
    return out - set(TYPE_FAMILIES) - {"Optional", "list", "List", "dict"}


def find_models(files: Iterable[tuple[str, str, ast.Module | None]], enums: Iterable[CodeEnum] = ()) -> list[Model]:
    """Models of every ``(path, source, tree or None)`` module.

    Returns:
        Sorted by path and line; modules that do not parse are skipped.
    """
    enum_index = _enum_index(enums)
    classes: dict[str, list[_ClassFacts]] = {}
    tables: list[Model] = []
    for path, source, parsed in files:
        if not may_declare_models(source):
            continue
        if parsed is not None:
            tree = parsed
        else:
            try:
                tree = ast.parse(source, filename=path)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
        local_enums = {**enum_index.get("*", {}), **enum_index.get(path, {})}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                facts = _class_facts(path, node, local_enums, source)
                classes.setdefault(node.name, []).append(facts)
            elif (
                isinstance(node, ast.Call)
                and _name(node.func) == "Table"
                and len(node.args) >= 2
                and _const(node.args[0]) is not None
            ):
                tables.append(_table_call(path, node, local_enums, source))
    out = tables + _resolve_classes(classes)
    return sorted(out, key=lambda m: (m.path, m.line))


def _enum_index(enums: Iterable[CodeEnum]) -> dict[str, dict[str, CodeEnum]]:
    """Enum classes by simple name, per path and repository-wide (``"*"``; a clash there is dropped)."""
    by_path: dict[str, dict[str, CodeEnum]] = {}
    anywhere: dict[str, CodeEnum | None] = {}
    for item in enums:
        if item.kind != "class":
            continue
        simple = item.qualname.rsplit(".", 1)[-1]
        by_path.setdefault(item.path, {})[simple] = item
        anywhere[simple] = None if simple in anywhere else item
    by_path["*"] = {k: v for k, v in anywhere.items() if v is not None}
    return by_path


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    if isinstance(node, ast.Call):
        return _name(node.func)
    return ""


def _const(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _bool_kw(call: ast.Call, name: str) -> bool | None:
    value = _kw(call, name)
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, bool) else None


def _excerpt(source: str, node: ast.AST) -> str:
    text = ast.get_source_segment(source, node) or ""
    text = " ".join(text.split())
    return text if len(text) <= 140 else text[:137] + "..."


def _enum_binding(call: ast.Call, enums: Mapping[str, CodeEnum]) -> EnumBinding:
    name = _const(_kw(call, "name"))
    strings = tuple(v for v in (_const(a) for a in call.args) if v is not None)
    if strings:
        return EnumBinding(name, strings, "strings")
    cls = next((enums[_name(a)] for a in call.args if _name(a) in enums), None)
    if cls is None:
        return EnumBinding(name, (), "unknown")
    if _kw(call, "values_callable") is not None:
        return EnumBinding(name, cls.values, "PyEnum values")
    return EnumBinding(name, tuple(m for m, _ in cls.members), "PyEnum names")


def _column_type(call: ast.Call, enums: Mapping[str, CodeEnum]) -> tuple[str | None, EnumBinding | None, str | None]:
    """(type name, enum binding, foreign key) of a ``Column``/``mapped_column`` call's arguments."""
    type_name: str | None = None
    enum: EnumBinding | None = None
    fk: str | None = None
    for arg in call.args:
        base = _name(arg)
        if base == "ForeignKey" and isinstance(arg, ast.Call) and arg.args:
            fk = _const(arg.args[0])
        elif base in ("Enum", "ENUM") and isinstance(arg, ast.Call):
            type_name, enum = "Enum", _enum_binding(arg, enums)
        elif base in ("ARRAY",) and isinstance(arg, ast.Call):
            type_name = "ARRAY"
        elif base in TYPE_FAMILIES and type_name is None:
            type_name = base
    type_kw = _kw(call, "type_")
    if type_kw is not None and type_name is None:
        type_name = _name(type_kw)
    return type_name, enum, fk


def _annotation(node: ast.expr | None) -> tuple[str | None, bool | None]:
    """(inner type name, nullable) of ``Mapped[...]``; (None, None) when not a ``Mapped``."""
    if not (isinstance(node, ast.Subscript) and _name(node.value) == "Mapped"):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("Mapped["):
            try:
                return _annotation(ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                return None, None
        return None, None
    inner = node.slice
    nullable = False
    if isinstance(inner, ast.Subscript) and _name(inner.value) == "Optional":
        inner, nullable = inner.slice, True
    elif isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.BitOr):
        parts = [inner.left, inner.right]
        if any(isinstance(p, ast.Constant) and p.value is None for p in parts):
            nullable = True
            inner = next(p for p in parts if not (isinstance(p, ast.Constant) and p.value is None))
    return _name(inner) or None, nullable


def _sa_column(
    attr: str,
    line: int,
    call: ast.Call | None,
    annotation: ast.expr | None,
    enums: Mapping[str, CodeEnum],
    source: str,
    node: ast.AST,
) -> ModelColumn | None:
    inner, ann_nullable = _annotation(annotation)
    if call is None:  # a bare Mapped[X]: a column only for scalar X (Mapped["Other"] is a relationship)
        if inner is None or (inner not in TYPE_FAMILIES and inner not in enums):
            return None
        enum = (
            _enum_binding(ast.Call(func=ast.Name("Enum"), args=[ast.Name(inner)], keywords=[]), enums)
            if inner in enums
            else None
        )
        return ModelColumn(
            attr, attr, line, "Enum" if enum else inner, ann_nullable, False, enum, None, _excerpt(source, node)
        )
    name = _const(call.args[0]) if call.args else None
    name = _const(_kw(call, "name")) or name or attr
    type_name, enum, fk = _column_type(call, enums)
    if type_name is None and inner is not None:
        type_name = inner if inner in TYPE_FAMILIES else None
        if inner in enums and enum is None:
            enum = _enum_binding(ast.Call(func=ast.Name("Enum"), args=[ast.Name(inner)], keywords=[]), enums)
            type_name = "Enum"
    primary = bool(_bool_kw(call, "primary_key"))
    nullable = _bool_kw(call, "nullable")
    if nullable is None:
        if primary:
            nullable = False
        elif _name(call.func) == "mapped_column" and ann_nullable is not None:
            nullable = ann_nullable
    return ModelColumn(name, attr, line, type_name, nullable, primary, enum, fk, _excerpt(source, node))


def _class_facts(path: str, node: ast.ClassDef, enums: Mapping[str, CodeEnum], source: str) -> _ClassFacts:
    facts = _ClassFacts(path, node, tuple(_name(b) for b in node.bases), None, None)
    facts.django = any(ast.unparse(b) in ("models.Model", "Model") for b in node.bases)
    constants = _string_constants(node)
    for stmt in node.body:
        value: ast.expr | None
        annotation: ast.expr | None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target, value, annotation = stmt.targets[0].id, stmt.value, None
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            target, value, annotation = stmt.target.id, stmt.value, stmt.annotation
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            facts.meta = _meta(stmt)
            continue
        elif isinstance(stmt, ast.FunctionDef) and any(_name(d) == "declared_attr" for d in stmt.decorator_list):
            facts.dynamic = True
            continue
        else:
            continue
        if target == "__tablename__":
            facts.tablename = _const(value)
            facts.dynamic = facts.dynamic or facts.tablename is None
        elif target == "__abstract__" and isinstance(value, ast.Constant):
            facts.abstract = bool(value.value)
        elif target in ("__table_args__", "__table__"):
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    if _const(key) == "schema":
                        facts.schema = _const(item)
            elif isinstance(value, ast.Tuple) and value.elts and isinstance(value.elts[-1], ast.Dict):
                last = value.elts[-1]
                for key, item in zip(last.keys, last.values, strict=True):
                    if _const(key) == "schema":
                        facts.schema = _const(item)
            if target == "__table__":
                facts.dynamic = True
        elif isinstance(value, ast.Call) and _name(value.func) in _SA_COLUMN:
            column = _sa_column(target, stmt.lineno, value, annotation, enums, source, stmt)
            if column is not None:
                facts.columns.append(column)
        elif value is None and annotation is not None:
            column = _sa_column(target, stmt.lineno, None, annotation, enums, source, stmt)
            if column is not None:
                facts.columns.append(column)
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr.endswith("Field")
            or (isinstance(value, ast.Call) and _name(value.func) in _DJANGO_FK)
        ):
            assert isinstance(value, ast.Call)
            column = _django_field(target, stmt.lineno, value, enums, source, stmt, constants)
            if column is not None:
                facts.columns.append(column)
    return facts


def _meta(node: ast.ClassDef) -> dict[str, object]:
    out: dict[str, object] = {}
    for stmt in node.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Constant)
        ):
            out[stmt.targets[0].id] = stmt.value.value
    return out


def _string_constants(node: ast.ClassDef) -> dict[str, tuple[str, ...]]:
    """Class-level ``NAME = ("a", "b")`` tuples and lists of strings (the usual source of ``choices``)."""
    out: dict[str, tuple[str, ...]] = {}
    for stmt in node.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, (ast.Tuple, ast.List))
        ):
            items = [_const(e) for e in stmt.value.elts]
            if items and all(i is not None for i in items):
                out[stmt.targets[0].id] = tuple(str(i) for i in items)
    return out


def _django_field(
    attr: str,
    line: int,
    call: ast.Call,
    enums: Mapping[str, CodeEnum],
    source: str,
    node: ast.AST,
    constants: Mapping[str, tuple[str, ...]] | None = None,
) -> ModelColumn | None:
    kind = _name(call.func)
    if kind in _DJANGO_NO_COLUMN:
        return None
    name = _const(_kw(call, "db_column")) or (f"{attr}_id" if kind in _DJANGO_FK else attr)
    null = _bool_kw(call, "null")
    primary = bool(_bool_kw(call, "primary_key"))
    fk = None
    if kind in _DJANGO_FK:
        kind = "IntegerField"  # the usual key type; compared as an integer only
    enum = _choices(_kw(call, "choices"), enums, constants or {})
    return ModelColumn(
        name, attr, line, kind, False if primary else bool(null), primary, enum, fk, _excerpt(source, node)
    )


def _choices(
    node: ast.expr | None, enums: Mapping[str, CodeEnum], constants: Mapping[str, tuple[str, ...]]
) -> EnumBinding | None:
    if node is None:
        return None
    if isinstance(node, ast.Name) and node.id in constants:
        return None  # a flat tuple of strings is not a valid choices list: leave it to Django's checks
    if isinstance(node, ast.ListComp) and len(node.generators) == 1:
        loop = node.generators[0]  # [(e, e) for e in NAMES]: the stored value is the loop variable
        first = node.elt.elts[0] if isinstance(node.elt, ast.Tuple) and node.elt.elts else None
        if (
            isinstance(loop.target, ast.Name)
            and isinstance(first, ast.Name)
            and first.id == loop.target.id
            and isinstance(loop.iter, ast.Name)
            and loop.iter.id in constants
            and not loop.ifs
        ):
            return EnumBinding(None, constants[loop.iter.id], "choices")
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        labels = []
        for item in node.elts:
            if isinstance(item, (ast.Tuple, ast.List)) and item.elts and _const(item.elts[0]) is not None:
                labels.append(str(_const(item.elts[0])))
            else:
                return None
        return EnumBinding(None, tuple(labels), "choices")
    if isinstance(node, ast.Attribute) and node.attr == "choices" and _name(node.value) in enums:
        return EnumBinding(None, enums[_name(node.value)].values, "choices")
    return None


def _table_call(path: str, call: ast.Call, enums: Mapping[str, CodeEnum], source: str) -> Model:
    table = _const(call.args[0]) or ""
    columns = []
    complete = True
    for arg in call.args[2:]:
        if isinstance(arg, ast.Call) and _name(arg.func) == "Column":
            column = _sa_column("", arg.lineno, arg, None, enums, source, arg)
            if column is not None and column.name:
                columns.append(column)
        elif isinstance(arg, ast.Starred):
            complete = False
    if _bool_kw(call, "autoload_with") is not None or _kw(call, "autoload_with") is not None:
        complete = False
    return Model(
        path, call.lineno, f"Table({table!r})", table, _const(_kw(call, "schema")), "table", tuple(columns), complete
    )


def _resolve_classes(classes: Mapping[str, list[_ClassFacts]]) -> list[Model]:
    """Models from class facts: inherit the columns of bases declared in the repository."""
    out: list[Model] = []

    def lookup(name: str) -> _ClassFacts | None:
        found = classes.get(name, [])
        return found[0] if len(found) == 1 else None

    def is_django(facts: _ClassFacts, seen: frozenset[str] = frozenset()) -> bool:
        if facts.django:
            return True
        return any(
            base not in seen and (b := lookup(base)) is not None and is_django(b, seen | {base}) for base in facts.bases
        )

    def inherited(facts: _ClassFacts, seen: frozenset[str]) -> tuple[list[ModelColumn], bool]:
        columns: list[ModelColumn] = []
        complete = True
        for base in facts.bases:
            if (
                base in seen
                or base in ("object", "Base", "DeclarativeBase", "Model", "Generic")
                and lookup(base) is None
            ):
                continue
            parent = lookup(base)
            if parent is None:
                if base not in ("Model", "DeclarativeBase", "DeclarativeBaseNoMeta", "AsyncAttrs", "MappedAsDataclass"):
                    complete = False
                continue
            more, ok = inherited(parent, seen | {base})
            complete = complete and ok and not parent.dynamic
            if parent.tablename is None or parent.abstract or parent.meta.get("abstract"):
                columns.extend(more + parent.columns)
        return columns, complete

    for facts_list in classes.values():
        for facts in facts_list:
            django = is_django(facts)
            if django:
                if facts.meta.get("abstract") or facts.meta.get("proxy"):
                    continue  # (managed = False models are checked: they map an existing table)
                table = facts.meta.get("db_table")
                app = str(facts.meta.get("app_label") or _app_label(facts.path))
                table_name = str(table) if isinstance(table, str) else f"{app}_{facts.node.name.lower()}"
                columns, complete = inherited(facts, frozenset({facts.node.name}))
                columns = columns + facts.columns
                names = {c.name for c in columns}
                if not any(c.primary_key for c in columns) and "id" not in names:
                    columns.insert(0, ModelColumn("id", "id", facts.node.lineno, "AutoField", False, True))
                out.append(
                    Model(
                        facts.path,
                        facts.node.lineno,
                        facts.node.name,
                        table_name,
                        None,
                        "django",
                        tuple(columns),
                        complete and not facts.dynamic,
                    )
                )
            elif facts.tablename and not facts.abstract:
                columns, complete = inherited(facts, frozenset({facts.node.name}))
                own = {c.attribute for c in facts.columns}
                merged = [c for c in columns if c.attribute not in own] + facts.columns
                out.append(
                    Model(
                        facts.path,
                        facts.node.lineno,
                        facts.node.name,
                        facts.tablename,
                        facts.schema,
                        "sqlalchemy",
                        tuple(merged),
                        complete and not facts.dynamic,
                    )
                )
    return out


def _app_label(path: str) -> str:
    """The Django app of a models module: the package directory above ``models.py`` / ``models/``."""
    parts = PurePosixPath(path).parts
    if "models" in parts[:-1]:
        index = len(parts) - 1 - parts[::-1].index("models")
        return parts[index - 1] if index > 0 else ""
    return parts[-2] if len(parts) >= 2 else ""
