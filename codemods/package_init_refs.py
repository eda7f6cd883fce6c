"""The references a package's ``__init__`` holds to its own submodules by bare name, rewritten after a
rename: the base class of the string codemod (codemods/rewrite_string_refs.py).

- A PEP 562 lazy table becomes a mapping from attribute name to module where that is unambiguous,
  else gets the new names beside the old ones (codemods/lazy_table.py).
- A submodule used by the name an import of it bound implicitly gets its new name
  (codemods/implicit_submodules.py).
- A ``__getattr__`` branch ``if name == "sub":`` that imports the renamed submodule answers its new name
  too (codemods/lazy_names.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import ClassVar, TypeVar

import libcst as cst
from libcst.metadata import PositionProvider, ProviderT, ScopeProvider

from codemods.base import Edit, Renames
from codemods.fitted_lines import WIDTH
from codemods.handed_dicts import handed_dicts
from codemods.implicit_submodules import implicit_names
from codemods.lazy_keys import values_too
from codemods.lazy_names import both_cases, both_names, getattr_names
from codemods.lazy_table import (
    LazyMapping,
    add_beside,
    find_mapping,
    lookup,
    mapping_value,
)
from codemods.loader_tables import components, held_dicts, keys_beside, loader_values
from codemods.shown_tables import ShownTables, new_names_too, shown_tables
from codemods.table_layout import entry_a_line, one_a_line

__all__ = ["PackageInitRefs"]

_Container = TypeVar("_Container", cst.Set, cst.List, cst.Tuple)
_TABLES = (cst.Set, cst.List, cst.Tuple)


class PackageInitRefs(cst.CSTTransformer):
    """libcst transformer for a package's ``__init__`` (a no-op elsewhere); ``edits`` lists what changed."""

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (PositionProvider, ScopeProvider)

    def __init__(self, renames: Renames, *, path: str, module: str | None, is_package: bool) -> None:
        super().__init__()
        self.renames = renames
        self.path = path
        self.module = module
        self.is_package = is_package
        self.edits: list[Edit] = []
        self._lazy = False  #: the module defines a PEP 562 ``__getattr__``
        self._mapping: LazyMapping | None = None
        self._implicit: Mapping[str, str] = {}  #: old -> new name of submodules an import binds implicitly
        self._depth = 0  #: inside a function body: tables are module-level constants
        self._public: set[int] = set()  #: ``__all__``'s values: the star-export list is never widened
        self._records: set[int] = set()  #: tuples and lists inside a dict value or a container: never widened
        self._loader: set[int] = set()  #: the containers of the tables ``__getattr__`` reads: the only ones widened
        self._components: set[int] = set()  #: dicts a loader table is merged from (``{**_A, **_B}``): keys added
        self._handed: set[int] = set()  #: dicts handed to a call beside ``__name__`` (codemods/handed_dicts.py)
        self._mapped: set[int] = set()  #: the containers inside the table that becomes a mapping: never widened
        #: id() of ``name == "old"``, ``name in (...)`` or ``case "old":`` in ``__getattr__`` -> (old, new) names
        #: (codemods/lazy_names.py)
        self._compared: dict[int, list[tuple[str, str]]] = {}
        self._shown = ShownTables()  #: tables shown as the package's names: kept (codemods/shown_tables.py)
        self._source_lines: list[str] = []  #: a lazy package's lines: a table grown past 79 columns is laid out
        #: the module's source, generated once by :meth:`visit_Module` (``Module.code`` generates it on every call)
        self._text = ""
        #: (package, names of this module's tables the package's ``__getattr__`` reads): codemods/held_tables.py
        self.held: tuple[str, frozenset[str]] | None = None
        self._package_of_tables = module if is_package else None  #: whose submodules the tables name
        #: tables imported from the package's modules and shown as its names: spelling -> their names (held_tables.py)
        self.shown_held: Mapping[str, Sequence[str]] = {}

    def _line(self, node: cst.CSTNode) -> int:
        return int(self.get_metadata(PositionProvider, node).start.line)

    def visit_Module(self, node: cst.Module) -> None:
        self._text = node.code
        self._lazy = any(isinstance(n, cst.FunctionDef) and n.name.value == "__getattr__" for n in node.body)
        self._public = {id(value) for value in _all_values(node)}
        self._records = _records(node)
        if self.is_package and self.module:
            if self._lazy:
                self._source_lines = self._text.splitlines()
                self._mapping = find_mapping(node, self.renames, self.module)
                self._loader = loader_values(node)
                self._components = components(node)
                self._mapped = _inside(node, self._mapping.value) if self._mapping is not None else set()
                self._compared = getattr_names(node, self.renames, self.module)
                self._shown = shown_tables(
                    node, self.renames, self.module, self.shown_held
                )  # the mapping's own tests come first
            self._implicit = implicit_names(node, self.renames, self.module)
            self._handed = handed_dicts(node)
            if self._handed and not self._source_lines:
                self._source_lines = self._text.splitlines()
        elif self.held is not None:  # a table another module's ``__getattr__`` reads: widened as the package's own
            self._lazy = True
            self._package_of_tables = self.held[0]
            self._source_lines = self._text.splitlines()
            self._loader = loader_values(node, self.held[1])
            self._components = held_dicts(node, self.held[1])

    def _lazy_table(
        self, originals: Sequence[cst.BaseElement], elements: Sequence[cst.BaseElement]
    ) -> list[cst.BaseElement] | None:
        """A lazy package's table that cannot become a mapping: the new names added beside the old ones
        (codemods/lazy_table.py); the old names keep working through the shims at the old paths. Another table
        beside the one that becomes a mapping is widened too (``if name in _SUB or name in _TUP:``, breaker's e14
        and g04): the mapping serves only its own names, and ``pkg.WF1_..._beta`` raised ``AttributeError``."""
        package = self._package_of_tables
        if not (self._lazy and package and self._depth == 0):
            return None
        added = add_beside(elements, self.renames, package)
        if added is None:
            return None
        out, entries = added
        for index, old, tail in entries:
            self.edits.append(Edit(self.path, self._line(originals[index]), "lazy-table", old, f"{old}, {tail}"))
        return out

    def _unbound(self, node: cst.Name) -> bool:
        """Is ``node`` a read of a name that nothing in the file binds (a global set by the import system)?"""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None or node.value in scope:
            return False
        return any(access.node is node for access in scope.accesses[node.value])

    def _table_mapping(self, original: cst.CSTNode) -> cst.Dict | None:
        """The lazy table as a mapping, when ``original`` is its value (codemods/lazy_table.py)."""
        found = self._mapping
        if found is None or id(original) != found.value:
            return None
        for _key, string in found.entries:
            old = str(string.evaluated_value)
            if old in found.new_names:
                self.edits.append(Edit(self.path, self._line(string), "lazy-mapping", old, found.new_names[old]))
        return mapping_value(found)

    def leave_Comparison(self, original_node: cst.Comparison, updated_node: cst.Comparison) -> cst.BaseExpression:
        if self._mapping is not None and id(original_node) in self._mapping.tests:  # a table that keeps its keys
            either = values_too(self._mapping.table, updated_node, whole=self._mapping.tests[id(original_node)])
            code = cst.Module([]).code_for_node(either)
            self.edits.append(Edit(self.path, self._line(original_node), "lazy-lookup", self._mapping.table, code))
            return either
        shown = self._shown.tests.get(id(original_node))
        if shown is not None:  # a table shown as the package's names keeps them; the test answers the new ones
            either = new_names_too(updated_node, shown[0], whole=shown[1])
            code = cst.Module([]).code_for_node(either)
            where = self.get_metadata(PositionProvider, original_node)
            if where.start.line == where.end.line and self._source_lines:  # past 79 columns: one a line
                line = self._source_lines[where.start.line - 1]
                if len(line) - (where.end.column - where.start.column) + len(code) > WIDTH:
                    indent = line[: len(line) - len(line.lstrip())]
                    either = new_names_too(updated_node, shown[0], whole=shown[1], indent=indent)
            self.edits.append(
                Edit(
                    self.path,
                    self._line(original_node),
                    "lazy-lookup",
                    cst.Module([]).code_for_node(original_node),
                    code,
                )
            )
            return either
        pairs = self._compared.get(id(original_node))
        if pairs is None:
            return updated_node
        for old, new in pairs:
            self.edits.append(Edit(self.path, self._line(original_node), "lazy-name", old, f"{old}, {new}"))
        both = both_names(updated_node, pairs)
        where = self.get_metadata(PositionProvider, original_node)
        target = both.comparisons[0]
        names = target.comparator
        if where.start.line != where.end.line or not self._source_lines or not isinstance(names, _TABLES):
            return both
        line = self._source_lines[where.start.line - 1]  # its line, with the new names: past 79 columns, one a line
        width = len(line) - (where.end.column - where.start.column) + len(cst.Module([]).code_for_node(both))
        if width <= WIDTH:
            return both
        indent = line[: len(line) - len(line.lstrip())]
        laid: cst.BaseExpression = (  # one ``one_a_line`` per kind of container: it keeps the kind it is given
            one_a_line(names, indent)
            if isinstance(names, cst.Set)
            else one_a_line(names, indent)
            if isinstance(names, cst.List)
            else one_a_line(names, indent)
        )
        return both.with_changes(comparisons=[target.with_changes(comparator=laid)])

    def leave_MatchCase(self, original_node: cst.MatchCase, updated_node: cst.MatchCase) -> cst.MatchCase:
        pairs = self._compared.get(id(original_node.pattern))
        if pairs is None:
            return updated_node
        for old, new in pairs:
            self.edits.append(Edit(self.path, self._line(original_node), "lazy-name", old, f"{old}, {new}"))
        return updated_node.with_changes(pattern=both_cases(updated_node.pattern, pairs))

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.BaseExpression:
        mapping = self._table_mapping(original_node)
        if mapping is not None:
            return mapping
        package = self._package_of_tables
        if id(original_node) not in self._components | self._handed or self._depth or not package:
            return updated_node
        added = keys_beside(updated_node, self.renames, package)
        if added is None:
            return updated_node
        for index, old, tail in added[1]:
            line = self._line(original_node.elements[index])
            self.edits.append(Edit(self.path, line, "lazy-table", old, f"{old}, {tail}"))
        where = self.get_metadata(PositionProvider, original_node)
        if where.start.line == where.end.line and self._source_lines:  # its line, with the new keys: one a line
            text = self._source_lines[where.start.line - 1]
            code = cst.Module([]).code_for_node(added[0])
            if len(text) - (where.end.column - where.start.column) + len(code) > WIDTH:
                return entry_a_line(added[0])
        return added[0]

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return self._table_mapping(original_node) or updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        new_name = self._implicit.get(original_node.value)
        if new_name is not None and self._unbound(original_node):  # codemods/implicit_submodules.py
            self.edits.append(
                Edit(self.path, self._line(original_node), "implicit-submodule", original_node.value, new_name)
            )
            return updated_node.with_changes(value=new_name)
        found = self._mapping
        if found is None or id(original_node) not in found.guarded | found.unguarded:
            return updated_node
        new = lookup(found, updated_node, original_node)
        self.edits.append(
            Edit(
                self.path,
                self._line(original_node),
                "lazy-lookup",
                original_node.value,
                cst.Module([]).code_for_node(new),
            )
        )
        return new

    def _container(self, original: cst.Set | cst.List | cst.Tuple, updated: _Container) -> cst.BaseExpression:
        mapping = self._table_mapping(original)
        if mapping is not None:
            return mapping
        kept = id(original) in self._public | self._records | self._shown.values | self._mapped
        kept = kept or id(original) not in self._loader
        table = None if kept else self._lazy_table(original.elements, updated.elements)
        if table is None:
            return updated
        grown = updated.with_changes(elements=table)
        where = self.get_metadata(PositionProvider, original)
        if where.start.line == where.end.line and self._source_lines:  # its line, with the new names
            line = self._source_lines[where.start.line - 1]
            width = len(line) - (where.end.column - where.start.column) + len(cst.Module([]).code_for_node(grown))
            return one_a_line(grown) if width > WIDTH else grown
        return grown

    def leave_Set(self, original_node: cst.Set, updated_node: cst.Set) -> cst.BaseExpression:
        return self._container(original_node, updated_node)

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        return self._container(original_node, updated_node)

    def leave_Tuple(self, original_node: cst.Tuple, updated_node: cst.Tuple) -> cst.BaseExpression:
        return self._container(original_node, updated_node)

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._depth += 1

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._depth -= 1


def _all_values(module: cst.Module) -> list[cst.BaseExpression]:
    """The values a module-level ``__all__`` is given (``=``, ``+=``, annotated). A lazy table that is
    ``__all__`` keeps its old names only: ``from pkg import *`` must bind what it bound before (dateutil's
    ``from dateutil import *`` test), and the old names reach the renamed modules through the shims."""
    values: list[cst.BaseExpression] = []
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in small.targets
            ):
                values.append(small.value)
            elif (
                isinstance(small, (cst.AugAssign, cst.AnnAssign))
                and isinstance(small.target, cst.Name)
                and small.target.value == "__all__"
                and small.value is not None
            ):
                values.append(small.value)
    return values


def _inside(module: cst.Module, value: int) -> set[int]:
    """id() of the node whose id() is ``value`` and of every node below it."""
    found: set[int] = set()

    class _Below(cst.CSTVisitor):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0

        def on_visit(self, node: cst.CSTNode) -> bool:
            self.depth += id(node) == value
            if self.depth:
                found.add(id(node))
            return True

        def on_leave(self, original_node: cst.CSTNode) -> None:
            self.depth -= id(original_node) == value

    module.visit(_Below())
    return found


def _records(module: cst.Module) -> set[int]:
    """id() of each tuple or list that is a dict's value or an element of another container: a record of
    positions, such as a lazy table's ``"Circle": ("shapes", "Circle")`` (submodule, attribute), which its
    reader unpacks (``module, attribute = _EXPORTS[name]``). A new name added there would shift the fields;
    the old name keeps working through the shim at its old path. A set has no positions: it stays a table."""
    found: set[int] = set()

    class _Nested(cst.CSTVisitor):
        def visit_DictElement(self, node: cst.DictElement) -> None:
            if isinstance(node.value, (cst.Tuple, cst.List)):
                found.add(id(node.value))

        def visit_Element(self, node: cst.Element) -> None:
            if isinstance(node.value, (cst.Tuple, cst.List)):
                found.add(id(node.value))

    module.visit(_Nested())
    return found
