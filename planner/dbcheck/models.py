"""ORM models the code declares, read with ``ast`` (never imported).

SQLAlchemy: declarative classes (``__tablename__``; ``Column``/``mapped_column`` or a bare
``Mapped[...]`` annotation; columns of mixins and abstract bases declared in the repository are
inherited) and ``Table("name", metadata, Column("c", ...), ...)``. Nullability follows SQLAlchemy:
``nullable=`` when given; else ``Mapped[X | None]``/``Optional`` is nullable and ``Mapped[X]`` is not;
a primary key is NOT NULL; a plain ``Column(...)`` without ``nullable=`` is left unknown (SQLAlchemy
makes it nullable, but that is rarely a statement about the database, so it is not compared).

Django: ``models.Model`` subclasses (and subclasses of those), fields read by ``django_models``; an
``id`` primary key is implicit; a subclass of a concrete model (multi-table inheritance) has its own
table with a ``<parent>_ptr_id`` key, not the parent's columns. ``choices`` are labels the code writes.

Enum bindings: ``Enum(PyEnum, name=...)`` writes the members' *names* unless ``values_callable``
is given (SQLAlchemy's rule), ``Enum("a", "b")`` its strings.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planner.code_enums import CodeEnum
from planner.dbcheck import django_models
from planner.dbcheck.model_types import TYPE_FAMILIES, EnumBinding, Model, ModelColumn
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.sqlfind.hints import WORD_CHAR, may_declare_models, model_hints
from planner.sqlfind.pysource import Source, bool_kw, const, kw, name_of, statements_at

_SA_COLUMN = frozenset({"Column", "mapped_column"})


@dataclass
class _ClassFacts:
    """What one class statement says about the model it may declare, before its bases are resolved."""

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


_BOUND = re.compile(r"\bEnum\(\s*([A-Za-z_]\w*)|Mapped\[\s*([A-Za-z_]\w*)|([A-Za-z_]\w*)\.choices\b")
#: _BOUND for a text without ``.choices`` (its third branch cannot match there): without the leading
#: ``\b`` (tested on each match) and the branch that may start at any letter, ten times faster.
_BOUND_FAST = re.compile(r"Enum\(\s*([A-Za-z_]\w*)|Mapped\[\s*([A-Za-z_]\w*)")


def enum_names_bound(files: Iterable[tuple[str, str, ast.Module | None]]) -> set[str]:
    """Names of classes that models may bind as enums (``Enum(Name``, ``Mapped[Name]``, ``Name.choices``)."""
    out: set[str] = set()
    for _, source, _ in files:
        if ".choices" in source:
            out.update(next(g for g in match.groups() if g) for match in _BOUND.finditer(source))
            continue
        at = 0
        while (match := _BOUND_FAST.search(source, at)) is not None:
            start = match.start()
            if match.group(1) is not None and start and WORD_CHAR.match(source, start - 1):
                at = start + 1  # no word boundary before Enum: _BOUND tries the next character
                continue
            out.add(match.group(1) or match.group(2))
            at = match.end()
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
        try:
            tree = parsed if parsed is not None else parse_python(source, path)
            with deep_walk():
                found_classes, found_tables = _models_in(path, source, tree, enum_index)
        except Unparsable:
            continue  # assess lists the files that cannot be read
        for facts in found_classes:
            classes.setdefault(facts.node.name, []).append(facts)
        tables += found_tables
    out = tables + _resolve_classes(classes)
    return sorted(out, key=lambda m: (m.path, m.line))


def _models_in(
    path: str, source: str, tree: ast.Module, enum_index: dict[str, dict[str, CodeEnum]]
) -> tuple[list[_ClassFacts], list[Model]]:
    """The classes and ``Table(...)`` calls of one module (a RecursionError propagates: deep_walk)."""
    local_enums = {**enum_index.get("*", {}), **enum_index.get(path, {})}
    module = Source(source)
    hinted = statements_at(tree, [module.line_of(start) for start in model_hints(source)])
    # statements without a hint declare no column: of those only the classes (bases) matter
    others = [s for s in tree.body if isinstance(s, ast.ClassDef) and s not in hinted]
    classes: list[_ClassFacts] = []
    tables: list[Model] = []
    for node in [n for stmt in hinted for n in ast.walk(stmt)] + others:
        if isinstance(node, ast.ClassDef):
            classes.append(_class_facts(path, node, local_enums, module))
        elif (
            isinstance(node, ast.Call)
            and name_of(node.func) == "Table"
            and len(node.args) >= 2
            and const(node.args[0]) is not None
        ):
            tables.append(_table_call(path, node, local_enums, module))
    return classes, tables


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


def _enum_binding(call: ast.Call, enums: Mapping[str, CodeEnum]) -> EnumBinding:
    name = const(kw(call, "name"))
    strings = tuple(v for v in (const(a) for a in call.args) if v is not None)
    if strings:
        return EnumBinding(name, strings, "strings")
    cls = next((enums[name_of(a)] for a in call.args if name_of(a) in enums), None)
    if cls is None:
        return EnumBinding(name, (), "unknown")
    if kw(call, "values_callable") is not None:
        return EnumBinding(name, cls.values, "PyEnum values")
    return EnumBinding(name, tuple(m for m, _ in cls.members), "PyEnum names")


def _column_type(call: ast.Call, enums: Mapping[str, CodeEnum]) -> tuple[str | None, EnumBinding | None, str | None]:
    """(type name, enum binding, foreign key) of a ``Column``/``mapped_column`` call's arguments."""
    type_name: str | None = None
    enum: EnumBinding | None = None
    fk: str | None = None
    for arg in call.args:
        base = name_of(arg)
        if base == "ForeignKey" and isinstance(arg, ast.Call) and arg.args:
            fk = const(arg.args[0])
        elif base in ("Enum", "ENUM") and isinstance(arg, ast.Call):
            type_name, enum = "Enum", _enum_binding(arg, enums)
        elif base in ("ARRAY",) and isinstance(arg, ast.Call):
            type_name = "ARRAY"
        elif base in TYPE_FAMILIES and type_name is None:
            type_name = base
    type_kw = kw(call, "type_")
    if type_kw is not None and type_name is None:
        type_name = name_of(type_kw)
    return type_name, enum, fk


def _annotation(node: ast.expr | None) -> tuple[str | None, bool | None]:
    """(inner type name, nullable) of ``Mapped[...]``; (None, None) when not a ``Mapped``."""
    if not (isinstance(node, ast.Subscript) and name_of(node.value) == "Mapped"):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("Mapped["):
            try:
                body = parse_python(node.value).body
            except Unparsable:
                return None, None
            if len(body) == 1 and isinstance(body[0], ast.Expr):
                return _annotation(body[0].value)
        return None, None
    inner = node.slice
    nullable = False
    if isinstance(inner, ast.Subscript) and name_of(inner.value) == "Optional":
        inner, nullable = inner.slice, True
    elif isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.BitOr):
        parts = [inner.left, inner.right]
        if any(isinstance(p, ast.Constant) and p.value is None for p in parts):
            nullable = True
            inner = next(p for p in parts if not (isinstance(p, ast.Constant) and p.value is None))
    return name_of(inner) or None, nullable


def _sa_column(
    attr: str,
    line: int,
    call: ast.Call | None,
    annotation: ast.expr | None,
    enums: Mapping[str, CodeEnum],
    source: Source,
    node: ast.expr | ast.stmt,
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
            attr, attr, line, "Enum" if enum else inner, ann_nullable, False, enum, None, source.segment_excerpt(node)
        )
    name = const(call.args[0]) if call.args else None
    name = const(kw(call, "name")) or name or attr
    type_name, enum, fk = _column_type(call, enums)
    if type_name is None and inner is not None:
        type_name = inner if inner in TYPE_FAMILIES else None
        if inner in enums and enum is None:
            enum = _enum_binding(ast.Call(func=ast.Name("Enum"), args=[ast.Name(inner)], keywords=[]), enums)
            type_name = "Enum"
    primary = bool(bool_kw(call, "primary_key"))
    nullable = bool_kw(call, "nullable")
    if nullable is None:
        if primary:
            nullable = False
        elif name_of(call.func) == "mapped_column" and ann_nullable is not None:
            nullable = ann_nullable
    return ModelColumn(name, attr, line, type_name, nullable, primary, enum, fk, source.segment_excerpt(node))


def _class_facts(path: str, node: ast.ClassDef, enums: Mapping[str, CodeEnum], source: Source) -> _ClassFacts:
    facts = _ClassFacts(path, node, tuple(name_of(b) for b in node.bases), None, None)
    facts.django = any(ast.unparse(b) in ("models.Model", "Model") for b in node.bases)
    constants = django_models.class_string_tuples(node)
    sqlalchemy = False  # a SQLAlchemy column is declared
    for stmt in node.body:
        value: ast.expr | None
        annotation: ast.expr | None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target, value, annotation = stmt.targets[0].id, stmt.value, None
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            target, value, annotation = stmt.target.id, stmt.value, stmt.annotation
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            facts.meta = django_models.meta(stmt)
            continue
        elif isinstance(stmt, ast.FunctionDef) and any(name_of(d) == "declared_attr" for d in stmt.decorator_list):
            facts.dynamic = True
            continue
        else:
            continue
        if target == "__tablename__":
            facts.tablename = const(value)
            facts.dynamic = facts.dynamic or facts.tablename is None
        elif target == "__abstract__" and isinstance(value, ast.Constant):
            facts.abstract = bool(value.value)
        elif target in ("__table_args__", "__table__"):
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    if const(key) == "schema":
                        facts.schema = const(item)
            elif isinstance(value, ast.Tuple) and value.elts and isinstance(value.elts[-1], ast.Dict):
                last = value.elts[-1]
                for key, item in zip(last.keys, last.values, strict=True):
                    if const(key) == "schema":
                        facts.schema = const(item)
            if target == "__table__":
                facts.dynamic = True
        elif isinstance(value, ast.Call) and name_of(value.func) in _SA_COLUMN:
            sqlalchemy = True
            column = _sa_column(target, stmt.lineno, value, annotation, enums, source, stmt)
            if column is not None:
                facts.columns.append(column)
        elif value is None and annotation is not None:
            column = _sa_column(target, stmt.lineno, None, annotation, enums, source, stmt)
            if column is not None:
                facts.columns.append(column)
        elif isinstance(value, ast.Call) and django_models.is_field(value):
            column = django_models.django_field(target, stmt.lineno, value, enums, source, stmt, constants)
            if column is not None:
                facts.columns.append(column)
    if facts.django and (facts.tablename is not None or facts.dynamic or facts.schema is not None or sqlalchemy):
        # a bare ``Model`` base whose class declares SQLAlchemy's ``__tablename__``/``__table__``/``__table_args__``
        # or its columns is SQLAlchemy's (``flask_appbuilder.Model``), never a Django model
        facts.django = False
    return facts


def _table_call(path: str, call: ast.Call, enums: Mapping[str, CodeEnum], source: Source) -> Model:
    table = const(call.args[0]) or ""
    columns = []
    complete = True
    for arg in call.args[2:]:
        if isinstance(arg, ast.Call) and name_of(arg.func) == "Column":
            column = _sa_column("", arg.lineno, arg, None, enums, source, arg)
            if column is not None and column.name:
                columns.append(column)
        elif isinstance(arg, ast.Starred):
            complete = False
    if bool_kw(call, "autoload_with") is not None or kw(call, "autoload_with") is not None:
        complete = False
    return Model(
        path, call.lineno, f"Table({table!r})", table, const(kw(call, "schema")), "table", tuple(columns), complete
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
            if is_django(parent) and not parent.meta.get("abstract"):
                if not parent.meta.get("proxy"):  # multi-table inheritance: a key to the parent's row
                    link = f"{base.lower()}_ptr_id"
                    columns.append(ModelColumn(link, link, facts.node.lineno, "IntegerField", False, True))
            elif parent.tablename is None or parent.abstract or parent.meta.get("abstract"):
                columns.extend(more + parent.columns)
        return columns, complete

    for facts_list in classes.values():
        for facts in facts_list:
            if is_django(facts):
                if facts.meta.get("abstract") or facts.meta.get("proxy") or facts.meta.get("computed"):
                    continue  # (managed = False models are checked: they map an existing table; one whose table
                    # the settings decide at run time is not guessed at)
                columns, complete = inherited(facts, frozenset({facts.node.name}))
                if any(c.primary_key for c in facts.columns):  # its own parent_link replaces <parent>_ptr_id
                    columns = [c for c in columns if not c.primary_key]
                columns = columns + facts.columns
                names = {c.name for c in columns}
                if not any(c.primary_key for c in columns) and "id" not in names:
                    columns.insert(0, ModelColumn("id", "id", facts.node.lineno, "AutoField", False, True))
                out.append(
                    Model(
                        facts.path,
                        facts.node.lineno,
                        facts.node.name,
                        django_models.table_name(facts.meta, facts.path, facts.node.name),
                        None,
                        "django",
                        tuple(columns),
                        complete and not facts.dynamic,
                    )
                )
            elif facts.tablename and not facts.abstract:
                columns, complete = inherited(facts, frozenset({facts.node.name}))
                declared = {c.attribute for c in facts.columns}
                merged = [c for c in columns if c.attribute not in declared] + facts.columns
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
