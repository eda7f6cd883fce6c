"""Django models read with ``ast``: ``models.Model`` subclasses' fields, ``Meta`` and ``choices``.

A field ``x = models.XField(...)`` is column ``x`` (``x_id`` for ``ForeignKey`` and ``OneToOneField``,
``db_column=`` wins), ``null`` defaults to False; ``ManyToManyField`` has no column (its through
table, created by Django, is not modelled: not checked). The table is ``Meta.db_table``, else
``<app_label>_<model name lower-cased>`` with the app the package directory holding the models module.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import PurePosixPath

from planner.code_enums import CodeEnum
from planner.dbcheck.model_types import EnumBinding, ModelColumn
from planner.sqlfind.pysource import Source, bool_kw, const, kw, name_of

_DJANGO_NO_COLUMN = frozenset({"ManyToManyField", "GenericRelation", "GenericForeignKey"})
_FK = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})


def is_field(value: ast.expr | None) -> bool:
    """``models.XField(...)`` or ``ForeignKey(...)``: a Django field declaration."""
    return isinstance(value, ast.Call) and (
        isinstance(value.func, ast.Attribute) and value.func.attr.endswith("Field") or name_of(value.func) in _FK
    )


#: ``Meta`` settings that decide whether and where the model has a table.
_TABLE_SETTINGS = frozenset({"db_table", "abstract", "proxy", "app_label"})


def meta(node: ast.ClassDef) -> dict[str, object]:
    """The literal settings of a ``class Meta`` (``db_table``, ``abstract``, ``proxy``, ``app_label`` ...);
    ``computed``: True when one of those that decide the table is computed at run time
    (Django REST framework's ``proxy = 'rest_framework.authtoken' in settings.INSTALLED_APPS``)."""
    out: dict[str, object] = {}
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            if isinstance(stmt.value, ast.Constant):
                out[name] = stmt.value.value
            elif name in _TABLE_SETTINGS:
                out["computed"] = True
    return out


def class_string_tuples(node: ast.ClassDef) -> dict[str, tuple[str, ...]]:
    """Class-level ``NAME = ("a", "b")`` tuples and lists of strings (the usual source of ``choices``)."""
    out: dict[str, tuple[str, ...]] = {}
    for stmt in node.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, (ast.Tuple, ast.List))
        ):
            items = [const(e) for e in stmt.value.elts]
            if items and all(i is not None for i in items):
                out[stmt.targets[0].id] = tuple(str(i) for i in items)
    return out


def django_field(
    attr: str,
    line: int,
    call: ast.Call,
    enums: Mapping[str, CodeEnum],
    source: Source,
    node: ast.expr | ast.stmt,
    constants: Mapping[str, tuple[str, ...]] | None = None,
) -> ModelColumn | None:
    kind = name_of(call.func)
    if kind in _DJANGO_NO_COLUMN:
        return None
    name = const(kw(call, "db_column")) or (f"{attr}_id" if kind in _FK else attr)
    null = bool_kw(call, "null")
    primary = bool(bool_kw(call, "primary_key"))
    fk = None
    if kind in _FK:
        kind = "IntegerField"  # the usual key type; compared as an integer only
    enum = _choices(kw(call, "choices"), enums, constants or {})
    return ModelColumn(
        name, attr, line, kind, False if primary else bool(null), primary, enum, fk, source.segment_excerpt(node)
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
            if isinstance(item, (ast.Tuple, ast.List)) and item.elts and const(item.elts[0]) is not None:
                labels.append(str(const(item.elts[0])))
            else:
                return None
        return EnumBinding(None, tuple(labels), "choices")
    if isinstance(node, ast.Attribute) and node.attr == "choices" and name_of(node.value) in enums:
        return EnumBinding(None, enums[name_of(node.value)].values, "choices")
    return None


def table_name(meta: Mapping[str, object], path: str, model: str) -> str:
    """``Meta.db_table``, else ``<app_label>_<model lower-cased>``."""
    table = meta.get("db_table")
    app = str(meta.get("app_label") or _app_label(path))
    return str(table) if isinstance(table, str) else f"{app}_{model.lower()}"


def _app_label(path: str) -> str:
    """The Django app of a models module: the package directory above ``models.py`` / ``models/``."""
    parts = PurePosixPath(path).parts
    if "models" in parts[:-1]:
        index = len(parts) - 1 - parts[::-1].index("models")
        return parts[index - 1] if index > 0 else ""
    return parts[-2] if len(parts) >= 2 else ""
