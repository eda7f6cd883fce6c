"""The module-level tables a package's PEP 562 ``__getattr__`` reads to answer a name (review 26, defect 3).

Only such a table may be widened with the new names or turned into a mapping (codemods/lazy_table.py): a tuple of
labels whose strings happen to be submodule names (``LABELS = ("shapes", "colors")``) is the package's data, and
``pkg.LABELS`` must keep its type and length. A table is the loader's when ``__getattr__``, or a module-level
function it calls (by name, transitively), tests membership in it (``name in TABLE``, ``name in A | B``), looks
it up (``TABLE[name]``, ``TABLE.get(name)``) or iterates over it (``for sub in TABLE``); ``len(TABLE)`` or a
mention elsewhere does not make it one.
"""

from __future__ import annotations

import libcst as cst

__all__ = ["loader_tables", "loader_values"]


class _Reads(cst.CSTVisitor):
    """Names a function reads as tables, and the module-level functions it calls by name."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: set[str] = set()
        self.calls: set[str] = set()

    def _names(self, node: cst.CSTNode) -> None:
        found = self.tables

        class _Names(cst.CSTVisitor):
            def visit_Name(self, name: cst.Name) -> None:
                found.add(name.value)

            def visit_Call(self, call: cst.Call) -> bool:
                return False  # ``name in helper(TABLE)``: not the table read

        node.visit(_Names())

    def visit_ComparisonTarget(self, node: cst.ComparisonTarget) -> None:
        if isinstance(node.operator, (cst.In, cst.NotIn)):
            self._names(node.comparator)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if isinstance(node.value, cst.Name):
            self.tables.add(node.value.value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            self.calls.add(func.value)
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value == "get":
            self.tables.add(func.value.value)

    def visit_For(self, node: cst.For) -> None:
        self._names(node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._names(node.iter)


def loader_tables(module: cst.Module) -> set[str]:
    """The names ``__getattr__`` (and the module-level functions it calls) read as tables; empty without one."""
    functions = {n.name.value: n for n in module.body if isinstance(n, cst.FunctionDef)}
    tables: set[str] = set()
    pending, seen = ["__getattr__"], set()
    while pending:
        name = pending.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        reads = _Reads()
        functions[name].body.visit(reads)
        tables |= reads.tables
        pending += sorted(reads.calls)
    return tables


def loader_values(module: cst.Module) -> set[int]:
    """id() of each set, list or tuple a module-level statement gives a loader table (``=``, annotated, ``|=``,
    ``+=``), however deep in the value (``frozenset({...})``)."""
    tables = loader_tables(module)
    found: set[int] = set()

    class _Containers(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, (cst.Set, cst.List, cst.Tuple)):
                found.add(id(node))
            return True

    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign):
                targets = [t.target for t in small.targets]
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)) and small.value is not None:
                targets = [small.target]
            else:
                continue
            if any(isinstance(t, cst.Name) and t.value in tables for t in targets) and small.value is not None:
                small.value.visit(_Containers())
    return found
