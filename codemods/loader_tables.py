"""The module-level tables a package's PEP 562 ``__getattr__`` reads to answer a name (review 26, defect 3).

Only such a table may be widened with the new names or turned into a mapping (codemods/lazy_table.py): a tuple of
labels whose strings happen to be submodule names (``LABELS = ("shapes", "colors")``) is the package's data, and
``pkg.LABELS`` must keep its type and length. A table is the loader's when ``__getattr__``, or a module-level
function it calls (by name, transitively), tests membership in it (``name in TABLE``, ``name in A | B``), looks
it up (``TABLE[name]``, ``TABLE.get(name)``) or iterates over it (``for sub in TABLE``); ``len(TABLE)`` or a
mention elsewhere does not make it one. A table a loader table is built from at module level is one too
(``_ALL = {**_A, **_B}``, ``_A | _B``, ``[*_A, "x"]``, ``tuple(_A)``: breaker's h03); :func:`components` names the
dicts among them, which get the new names as keys beside the old ones (codemods/package_init_refs.py).
"""

from __future__ import annotations

from collections.abc import Collection

import libcst as cst

from codemods.base import Renames

__all__ = ["components", "held_dicts", "keys_beside", "loader_tables", "loader_values"]


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
    """The names ``__getattr__`` (and the module-level functions it calls) read as tables, and the module-level
    tables those are built from; empty without one."""
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
    built = _built_from(module)
    grown = sorted(tables)
    while grown:
        for part in built.get(grown.pop(), ()):
            if part not in tables:
                tables.add(part)
                grown.append(part)
    return tables


#: Calls that build a table from the tables they are given (``list(_A)``, ``dict(_A, **_B)``)
_BUILDERS = frozenset({"list", "tuple", "set", "frozenset", "dict", "sorted"})


def _parts(value: cst.BaseExpression) -> set[str]:
    """The module-level names a table's value is built from: ``_A`` of ``{**_A}``, ``[*_A]``, ``_A | _B``,
    ``_A + _B``, ``list(_A)``, or the value itself."""
    if isinstance(value, cst.Name):
        return {value.value}
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, (cst.BitOr, cst.Add)):
        return _parts(value.left) | _parts(value.right)
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in _BUILDERS:
        return {name for arg in value.args for name in _parts(arg.value)}
    if isinstance(value, (cst.Dict, cst.Set, cst.List, cst.Tuple)):
        starred = (cst.StarredDictElement, cst.StarredElement)
        return {name for e in value.elements if isinstance(e, starred) for name in _parts(e.value)}
    return set()


def _built_from(module: cst.Module) -> dict[str, set[str]]:
    """Module-level table name (not ``__all__``, the public list) -> the names its value is built from."""
    found: dict[str, set[str]] = {}
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Name) and target.value != "__all__":
                    found.setdefault(target.value, set()).update(_parts(small.value))
    return found


def components(module: cst.Module) -> set[int]:
    """id() of each dict literal bound at module level to a loader table's name read once, by the loader or by the
    table merged from it (``_A = {"alpha": "alpha"}`` of ``_ALL = {**_A, **_B}``, or of ``name in _A or name in
    _B`` beside the table that becomes a mapping): it serves its keys, so a new key serves the new name."""
    parts = loader_tables(module)
    reads: dict[str, int] = {}

    class _Reads(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            reads[node.value] = reads.get(node.value, 0) + 1

    module.visit(_Reads())
    found: set[int] = set()
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Dict):
                target = small.targets[0].target
                if isinstance(target, cst.Name) and target.value in parts and reads.get(target.value) == 2:
                    found.add(id(small.value))
    return found


def held_dicts(module: cst.Module, tables: Collection[str]) -> set[int]:
    """id() of each dict literal bound at module level to one of ``tables``, the names another module's loader reads
    (codemods/held_tables.py): it serves its keys, so a new key serves the new name."""
    found: set[int] = set()
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Dict):
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                if any(isinstance(t, cst.Name) and t.value in tables for t in targets):
                    found.add(id(small.value))
    return found


def loader_values(module: cst.Module, held: Collection[str] | None = None) -> set[int]:
    """id() of each set, list or tuple a module-level statement gives a loader table (``=``, annotated, ``|=``,
    ``+=``), however deep in the value (``frozenset({...})``); ``held``: the tables another module's loader reads."""
    tables = loader_tables(module) if held is None else set(held)
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


def keys_beside(table: cst.Dict, renames: Renames, package: str) -> tuple[cst.Dict, list[tuple[int, str, str]]] | None:
    """A component dict with each renamed submodule's new name added as a key beside the old one, its value the
    new name where it was the old one (``{"alpha": "alpha"}`` -> ``{"alpha": "alpha", "WF1_alpha": "WF1_alpha"}``):
    ``pkg.WF1_alpha`` (Rope's spelling in the importers) is served, the old name through the shim at its old path.

    Returns:
        (the new dict, (index of the old entry, old name, new name) for each added one), or None.
    """
    keys = {
        e.key.raw_value
        for e in table.elements
        if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
    }
    out: list[cst.BaseDictElement] = []
    added: list[tuple[int, str, str]] = []
    for index, element in enumerate(table.elements):
        out.append(element)
        key = element.key if isinstance(element, cst.DictElement) else None
        if not isinstance(key, cst.SimpleString) or not _plain(key):
            continue
        new = renames.mapping.get(f"{package}.{key.raw_value}")
        if new is None or new.rpartition(".")[0] != package or new.rpartition(".")[2] in keys:
            continue
        tail = new.rpartition(".")[2]
        value = element.value
        if (
            isinstance(value, cst.SimpleString)
            and _plain(value)
            and value.raw_value in (key.raw_value, f".{key.raw_value}")
        ):
            dot = value.raw_value[: len(value.raw_value) - len(key.raw_value)]  # ``".alpha"``: relative to the package
            value = value.with_changes(value=f"{value.prefix}{value.quote}{dot}{tail}{value.quote}")
        if index == len(table.elements) - 1:  # the last entry: the new one goes on its own line where the first does
            opening = table.lbrace.whitespace_after
            between = opening if isinstance(opening, cst.ParenthesizedWhitespace) else cst.SimpleWhitespace(" ")
            comma = element.comma if isinstance(element.comma, cst.Comma) else cst.Comma()
            out[-1] = element.with_changes(comma=comma.with_changes(whitespace_after=between))
        out.append(
            element.with_changes(
                key=key.with_changes(value=f"{key.prefix}{key.quote}{tail}{key.quote}"),
                value=value,
                comma=element.comma,
            )
        )
        added.append((index, key.raw_value, tail))
    return (table.with_changes(elements=out), added) if added else None


def _plain(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.SimpleString) and not {"b", "f"} & set(node.prefix.lower())
