"""A module-level table of submodule names that only builds ``sys.modules`` keys (issue 13, funcy).

funcy's ``__init__`` imports its submodules with star imports, then reads them back by name::

    modules = ('calc', 'colls', 'tree', ...)
    __all__ = lcat(sys.modules['funcy.' + m].__all__ for m in modules)

``sys.modules`` holds a module under the name it was imported by: after a rename ``'funcy.calc'`` is no
key (the package imported ``funcy.WF1_..._calc``), and a shim at the old path does not help, since nothing
imports it. When every use of the table is such a key, its entries are module names and nothing else:
the plan lists each renamed one (a ``module-table`` reference) and apply writes the new name in its place
(``'WF1_..._calc'``), so the key names the module the package imported.

The table is one literal (set, list, tuple, or ``frozenset``/``set``/``tuple``/``list`` of one) of plain
strings, bound once at module level, not ``__all__``; every read of it is the iterable of a ``for`` or a
comprehension whose target is read only as the unknown part of ``sys.modules["pkg." + name]`` (or
``f"pkg.{name}"``, ``__name__ + "." + name``, ...: planner/computed_names.py), with the same package
before it each time. Plain ``ast``, shared by the planner and the string codemod.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from planner.computed_names import name_parts, template
from planner.python_source import dotted_name

__all__ = ["TableEntry", "module_tables"]

_WRAPPERS = ("frozenset", "set", "tuple", "list")


@dataclass(frozen=True)
class TableEntry:
    """One string of such a table: where it is and the module it names."""

    line: int
    column: int  #: the string's ``col_offset`` (UTF-8 bytes, as ``ast`` gives it)
    name: str  #: the string's value, a submodule's last part
    package: str  #: the package the keys put before it


def _literal(value: ast.AST) -> list[ast.Constant] | None:
    if isinstance(value, ast.Call) and dotted_name(value.func) in _WRAPPERS and len(value.args) == 1:
        value = value.args[0]
    if not isinstance(value, (ast.Set, ast.List, ast.Tuple)) or not value.elts:
        return None
    strings = [e for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if len(strings) != len(value.elts) or not all(str(s.value).isidentifier() for s in strings):
        return None
    return strings


def _tables(tree: ast.Module, nodes: Sequence[ast.AST]) -> dict[str, list[ast.Constant]]:
    """Names bound once at module level to a literal of identifiers, and nowhere else in the file."""
    bound: dict[str, int] = {}
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound[node.id] = bound.get(node.id, 0) + 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                bound[name] = bound.get(name, 0) + 2
    found: dict[str, list[ast.Constant]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id != "__all__" and bound.get(target.id) == 1:
            strings = _literal(value)
            if strings is not None:
                found[target.id] = strings
    return found


def _scope(loop: ast.AST, parent: ast.AST | None) -> list[ast.AST]:
    """The nodes a loop's target is visible in: a ``for``'s body and ``else``; a comprehension's element,
    conditions and later generators."""
    if isinstance(loop, ast.For):
        return [*loop.body, *loop.orelse]
    if isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return [parent.elt, *parent.generators]
    if isinstance(parent, ast.DictComp):
        return [parent.key, parent.value, *parent.generators]
    return []


def _key_package(key: ast.AST, variable: str, file_name: str, package: str) -> str | None:
    """The package of a key ``"pkg." + variable`` (the prefix without its dot), else None."""
    shape = template(name_parts(key, {}), file_name, package)
    if shape is None:
        return None
    prefix, unknown, suffix = shape
    if dotted_name(unknown) != variable or suffix or not prefix.endswith(".") or prefix.startswith("."):
        return None
    return prefix[:-1]


def _keys_only(scope: list[ast.AST], target: ast.Name, file_name: str, package: str) -> set[str] | None:
    """The packages of the ``sys.modules`` keys the loop's ``target`` builds in ``scope``; None if its name
    is read anywhere else there, or bound again."""
    variable = target.id
    inside: set[int] = set()
    packages: set[str] = set()
    for root in scope:
        for node in ast.walk(root):
            if isinstance(node, ast.Subscript) and dotted_name(node.value) == "sys.modules":
                found = _key_package(node.slice, variable, file_name, package)
                if found is not None:
                    packages.add(found)
                    inside.update(id(n) for n in ast.walk(node.slice))
    for root in scope:
        for node in ast.walk(root):
            if isinstance(node, ast.Name) and node.id == variable and id(node) not in inside and node is not target:
                return None
    return packages


def _loops(nodes: Sequence[ast.AST]) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    for node in nodes:
        if isinstance(node, ast.For):
            yield node, None
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in node.generators:
                yield generator, node


def module_tables(
    tree: ast.Module, file_name: str, package: str, nodes: Sequence[ast.AST] | None = None
) -> list[TableEntry]:
    """The entries of every table of the file that only builds ``sys.modules`` keys (module docstring).

    Args:
        tree: the file, parsed.
        file_name: its dotted module name (``__name__``); ``package``: its package (``__package__``).
        nodes: ``tree``'s nodes in ``ast.walk``'s order, when the caller walked it already.
    """
    nodes = list(ast.walk(tree)) if nodes is None else nodes
    tables = _tables(tree, nodes)
    if not tables:
        return []
    used: dict[str, set[str]] = {}  #: table -> the packages of its keys
    loops: set[int] = set()  #: id() of the tables' Name nodes read as a loop's iterable
    for loop, parent in _loops(nodes):
        iterable, target = loop.iter, loop.target  # type: ignore[attr-defined]
        if not (isinstance(iterable, ast.Name) and iterable.id in tables):
            continue
        loops.add(id(iterable))
        packages = (
            _keys_only(_scope(loop, parent), target, file_name, package) if isinstance(target, ast.Name) else None
        )
        used.setdefault(iterable.id, set()).update(packages if packages else {""})
    for node in nodes:  # any other read: the table is something more than module names
        if (
            isinstance(node, ast.Name)
            and node.id in tables
            and isinstance(node.ctx, ast.Load)
            and id(node) not in loops
        ):
            used[node.id] = {""}
    entries: list[TableEntry] = []
    for name, packages in used.items():
        if len(packages) == 1 and "" not in packages:
            (base,) = packages
            entries += [TableEntry(s.lineno, s.col_offset, str(s.value), base) for s in tables[name]]
    return entries
