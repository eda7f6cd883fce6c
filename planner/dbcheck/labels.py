"""Enum labels the code writes, and where: string literals compared with or assigned to an enum column
in SQL, PostgreSQL casts to an enum type, and the labels an ORM column's ``Enum``/``choices`` binds.

The SQL side needs each column resolved to its table (``check`` does that with SQLGlot's optimizer);
this module only recognises the shapes and hands back ``(column node, label, excerpt node)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlglot import exp


@dataclass(frozen=True)
class LabelUse:
    """A label written to (or compared with) ``column``; ``cast_type`` when it is ``'x'::type``."""

    label: str
    column: exp.Column | None
    cast_type: str | None = None
    #: ``(schema, table, column)`` when the use names its column directly (an INSERT's column list).
    target: tuple[str, str, str] | None = None


def _string(node: exp.Expr) -> str | None:
    if isinstance(node, exp.Literal) and node.is_string:
        return str(node.this)
    return None


#: The nodes a label can be written in (besides an INSERT's VALUES).
LABEL_NODES = (exp.EQ, exp.NEQ, exp.In, exp.Cast)


def labels_in(statement: exp.Expr, nodes: Iterable[exp.Expr] | None = None) -> Iterator[LabelUse]:
    """Every label use of a (qualified) statement: ``col = 'x'``, ``col <> 'x'``, ``col IN ('x', ...)``,
    ``SET col = 'x'``, ``INSERT (col) VALUES ('x')`` (by position) and ``'x'::type``.

    Args:
        nodes: the statement's :data:`LABEL_NODES`, when the caller collected them already.

    Yields:
        Label uses; the column is the statement's own node (resolve it against the statement).
    """
    for node in statement.find_all(*LABEL_NODES) if nodes is None else nodes:
        if isinstance(node, exp.Cast):
            label = _string(node.this)
            to = node.to
            if label is not None and to.this == exp.DataType.Type.USERDEFINED:
                name = to.args.get("kind") or to.sql()
                yield LabelUse(label, None, str(name))
            continue
        if isinstance(node, exp.In):
            if isinstance(node.this, exp.Column):
                for item in node.expressions:
                    label = _string(item)
                    if label is not None:
                        yield LabelUse(label, node.this)
            continue
        assert isinstance(node, exp.Binary)
        left, right = node.left, node.right
        for column, other in ((left, right), (right, left)):
            label = _string(other)
            if isinstance(column, exp.Column) and label is not None:
                yield LabelUse(label, column)
    insert = statement if isinstance(statement, exp.Insert) else None
    if insert is not None and isinstance(insert.this, exp.Schema) and isinstance(insert.expression, exp.Values):
        names = [c.name for c in insert.this.expressions]
        table = insert.this.this
        for row in insert.expression.expressions:
            values = row.expressions if isinstance(row, exp.Tuple) else [row]
            for name, value in zip(names, values, strict=False):
                label = _string(value)
                if label is not None:
                    yield LabelUse(label, None, None, (table.db, table.name, name))


def insert_columns(insert: exp.Insert) -> list[str] | None:
    """The column list of an INSERT, or None when it has none (values go by the table's column order)."""
    if isinstance(insert.this, exp.Schema):
        return [c.name for c in insert.this.expressions]
    return None
