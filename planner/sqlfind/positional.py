"""Positional reads of a query's rows: ``a, b = cur.fetchone()``, ``for a, b in cur``, ``row[0]``,
``f(*row)``. A ``SELECT *`` read that way depends on the table's column order."""

from __future__ import annotations

import ast

#: Method or function names whose first argument is SQL.
SQL_CALLS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "read_sql", "read_sql_query", "text", "raw"}
)
#: Result methods that hand rows to the code.
_FETCH = frozenset({"fetchone", "fetchall", "fetchmany", "first", "one", "one_or_none", "all"})


def positional_reads(own: list[ast.AST]) -> list[tuple[str, int]]:
    """``(receiver, line)`` of every positional read of a result in ``scope``; the line is where the
    rows were fetched (``rows = cur.fetchall()``), so the read belongs to the execute before it."""
    Origin = tuple[str, int]  # (receiver, line the rows were fetched)
    rows: dict[str, Origin] = {}  # variable holding one row
    iterables: dict[str, Origin] = {}  # variable holding many rows
    out: list[Origin] = []

    def where(node: ast.AST) -> tuple[int, int]:
        anchor = node.iter if isinstance(node, ast.comprehension) else node
        return getattr(anchor, "lineno", 0), getattr(anchor, "col_offset", 0)

    nodes = sorted((n for n in own if hasattr(n, "lineno") or isinstance(n, ast.comprehension)), key=where)

    def source(value: ast.expr, cursor_ok: bool) -> tuple[Origin, bool] | None:
        """(origin, many rows?) of an expression that yields rows."""
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in _FETCH:
            return (
                (ast.unparse(value.func.value), value.lineno),
                value.func.attr not in ("fetchone", "first", "one", "one_or_none"),
            )
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in SQL_CALLS:
            return (ast.unparse(value.func.value), value.lineno), True
        if isinstance(value, ast.Name) and value.id in iterables:
            return iterables[value.id], True
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in ("list", "tuple")
            and value.args
        ):
            return source(value.args[0], cursor_ok)
        if cursor_ok and isinstance(value, (ast.Name, ast.Attribute)):
            return (ast.unparse(value), value.lineno), True  # iterating a cursor itself
        return None

    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            found = source(node.value, cursor_ok=False)
            if found is not None:
                origin, many = found
                if isinstance(target, (ast.Tuple, ast.List)) and not many:
                    out.append(origin)
                elif isinstance(target, ast.Name):
                    (iterables if many else rows)[target.id] = origin
            elif (
                isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, ast.Name) and node.value.id in rows
            ):
                out.append(rows[node.value.id])
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            found = source(node.iter, cursor_ok=True)
            if found is None:
                continue
            origin = found[0]
            if isinstance(node.target, (ast.Tuple, ast.List)):
                out.append(origin)
            elif isinstance(node.target, ast.Name):
                rows[node.target.id] = origin
    for node in nodes:  # uses, once every binding is known (a comprehension's element precedes its loop)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in rows:
            index = node.slice
            if isinstance(index, ast.Constant) and isinstance(index.value, int):
                out.append(rows[node.value.id])
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call):
            found = source(node.value, cursor_ok=False)
            if (
                found is not None
                and not found[1]
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, int)
            ):
                out.append(found[0])
        elif isinstance(node, ast.Starred) and isinstance(node.value, ast.Name) and node.value.id in rows:
            out.append(rows[node.value.id])
    return out
