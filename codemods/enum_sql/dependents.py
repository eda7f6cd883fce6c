"""Move dependents (index keys and predicates, CHECKs, views, defaults) from an old column to its parallel one.

Copying their text fails across enum types (``'x'::orderstatus`` next to an ``order_status``
column: SQLSTATE 42883), so they are rewritten through SQLGlot's AST: the column is renamed, a
literal cast to the old type becomes the mapped label cast to the canonical type, and a bare
literal compared with the column is mapped. A renamed select item keeps its output name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlglot import exp

from codemods.enum_sql.common import identifier
from planner.schema.normalize import SQLGLOT_DIALECT

_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ)


@dataclass(frozen=True)
class Retarget:
    """What to rewrite: ``columns`` old name -> (new name, label map); ``types`` old type names -> label map."""

    table: str
    columns: Mapping[str, tuple[str, Mapping[str, str]]]
    types: Mapping[str, Mapping[str, str]]
    new_type: exp.DataType | None
    #: Other names the table goes by in a view (``FROM festival_entry e``).
    aliases: frozenset[str] = frozenset()

    def owns(self, qualifier: str) -> bool:
        return not qualifier or qualifier == self.table or qualifier in self.aliases


def _type_name(node: exp.DataType) -> tuple[str, bool]:
    is_array = False
    if node.this == exp.DataType.Type.ARRAY and node.expressions:
        node, is_array = node.expressions[0], True
    kind = node.args.get("kind")
    text = kind.sql("postgres") if isinstance(kind, exp.Expr) else str(kind or "")
    return text.replace('"', "").rsplit(".", 1)[-1], is_array


def _map_literal(node: exp.Expr, mapping: Mapping[str, str]) -> exp.Expr:
    if isinstance(node, exp.Literal) and node.is_string:
        text = node.name
        if text.startswith("{") and text.endswith("}"):
            items = [i.strip() for i in text[1:-1].split(",")] if text != "{}" else []
            return exp.Literal.string("{" + ",".join(mapping.get(i, i) for i in items) + "}")
        if text in mapping:
            return exp.Literal.string(mapping[text])
    return node


def _is_column(node: exp.Expr, spec: Retarget) -> str | None:
    while isinstance(node, (exp.Cast, exp.Paren)):
        node = node.this
    if isinstance(node, exp.Column) and node.name in spec.columns and spec.owns(node.table):
        return node.name
    return None


def _map_side(node: exp.Expr, mapping: Mapping[str, str]) -> exp.Expr:
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal):
        return node  # typed literal: handled by the cast rule
    return _map_literal(node, mapping)


def retarget(node: exp.Expr, spec: Retarget) -> exp.Expr:
    """Rewrite ``node`` (any expression or statement) from the old columns/types to the new ones.

    Returns:
        A new tree; ``node`` is not modified.
    """

    def literals(n: exp.Expr) -> exp.Expr:
        if isinstance(n, _COMPARISONS):
            left, right = _is_column(n.this, spec), _is_column(n.expression, spec)
            if left:
                n = n.copy()
                n.set("expression", _map_side(n.expression, spec.columns[left][1]))
            elif right:
                n = n.copy()
                n.set("this", _map_side(n.this, spec.columns[right][1]))
        elif isinstance(n, exp.In):
            col = _is_column(n.this, spec)
            if col:
                n = n.copy()
                n.set("expressions", [_map_side(e, spec.columns[col][1]) for e in n.expressions])
        return n

    def names(n: exp.Expr) -> exp.Expr:
        if isinstance(n, exp.Cast) and isinstance(n.to, exp.DataType):
            name, is_array = _type_name(n.to)
            if name in spec.types and spec.new_type is not None:
                target = spec.new_type.copy()
                if is_array:
                    target = exp.DataType(this=exp.DataType.Type.ARRAY, expressions=[target], nested=True)
                return exp.Cast(this=_map_literal(n.this, spec.types[name]), to=target)
        if isinstance(n, exp.Column) and n.name in spec.columns and spec.owns(n.table):
            n = n.copy()
            n.set("this", identifier(spec.columns[n.name][0]))
            return n
        return n

    return node.transform(literals).transform(names)


def retarget_view(select: exp.Expr, spec: Retarget) -> exp.Expr:
    """Rewrite a view's SELECT; renamed output columns keep their names through an alias.

    Returns:
        The new SELECT.
    """
    aliases = frozenset(t.alias for t in select.find_all(exp.Table) if t.name == spec.table and t.alias)
    if aliases:
        spec = Retarget(spec.table, spec.columns, spec.types, spec.new_type, spec.aliases | aliases)
    if isinstance(select, exp.Select):
        items = []
        for item in select.expressions:
            old = item.name if isinstance(item, exp.Column) else None
            new = retarget(item, spec)
            if old and isinstance(new, exp.Column) and new.name != old:
                new = exp.alias_(new, identifier(old))
            items.append(new)
        select = select.copy()
        body = retarget(select, spec)
        body.set("expressions", items)
        return body
    return retarget(select, spec)


def parse_expression(text: str, dialect: str) -> exp.Expr:
    """Parse an expression taken from the schema model (a predicate, CHECK or default)."""
    import sqlglot

    select = sqlglot.parse_one(f"SELECT {text}", read=SQLGLOT_DIALECT[dialect])
    assert isinstance(select, exp.Select)
    first: exp.Expr = select.expressions[0]
    return first
