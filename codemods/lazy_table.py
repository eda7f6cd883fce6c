"""A PEP 562 package's lazy table of submodules, rewritten for a rename (issue 13 step 3).

A package that imports its submodules on first use reaches them by their *old* names::

    _SUBMODULES = {"converters", "validators"}

    def __getattr__(name):
        if name in _SUBMODULES:
            return importlib.import_module(f".{name}", __name__)

When the mapping is unambiguous (:func:`find_mapping`), the table becomes a mapping from attribute name
to the submodule it imports, and the import looks the name up::

    _SUBMODULES = {"converters": "WF1_converters", "WF1_converters": "WF1_converters", "validators": "validators"}
    ...
            return importlib.import_module(f".{_SUBMODULES[name]}", __name__)

so ``pkg.converters`` (the old name) and ``pkg.WF1_converters`` (the name Rope wrote into the importers)
both give the renamed module, with no shim. Otherwise (:func:`add_beside`) each renamed name's new name
is added beside the old one in the package's module-level tables, and a shim at the old path keeps the
old name importable (codemods/keep_alive.py). Lines stay within 79 columns where the names allow (a project
lints its own source): a mapping entry too long puts its module on the next line, and a one-line table a new
name takes past 79 columns is laid out one element a line (:func:`one_a_line`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods.base import Renames
from codemods.fitted_lines import WIDTH
from codemods.lazy_keys import membership
from codemods.loader_tables import loader_tables
from codemods.table_layout import line_break

__all__ = ["LazyMapping", "add_beside", "find_mapping", "lookup", "mapping_value"]

#: Calls that read a table without changing or combining it: a dict serves them all the same way.
_READERS = frozenset({"sorted", "list", "tuple", "set", "frozenset", "len", "iter"})
_CONTAINERS = (cst.Set, cst.List, cst.Tuple)


@dataclass
class LazyMapping:
    """What :func:`find_mapping` found: the table to turn into a mapping and the names to look up in it."""

    table: str  #: the table's module-level name (``_SUBMODULES``)
    value: int  #: id() of the table's value node (the literal, or ``frozenset(<literal>)``)
    entries: Sequence[tuple[cst.SimpleString, cst.SimpleString]]  #: (attribute name, module name); a set: the same
    new_names: dict[str, str]  #: old module's last part -> new module's last part, for each renamed entry
    guarded: set[int] = field(default_factory=set)  #: id() of ``name`` uses inside ``if name in TABLE:``
    unguarded: set[int] = field(default_factory=set)  #: id() of ``name`` uses anywhere else in the call
    #: the table is read as the package's names besides the lookup (``sorted(TABLE)`` in ``__all__``, ``__dir__``,
    #: ``len``): it keeps its keys, and each ``name in TABLE`` in ``__getattr__`` also tests its values (id() of those)
    public: bool = False
    tests: dict[int, bool] = field(default_factory=dict)  #: -> the whole test of an ``if``/``elif``/``while``


def _name(node: cst.CSTNode | None) -> str:
    return node.value if isinstance(node, cst.Name) else ""


def _called(call: cst.Call) -> str:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else _name(func)


def _plain(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.SimpleString) and not {"b", "f"} & set(node.prefix.lower())


def _table_literal(value: cst.BaseExpression) -> list[tuple[cst.SimpleString, cst.SimpleString]] | None:
    """(name, module) of each entry of a table of string constants: a set/list/tuple (the name is the
    module) or a dict (a mapping, as this module writes it, or by hand)."""
    if isinstance(value, cst.Call) and _called(value) in ("frozenset", "set", "tuple") and len(value.args) == 1:
        value = value.args[0].value
    if isinstance(value, cst.Dict) and value.elements:
        pairs = [(e.key, e.value) for e in value.elements if isinstance(e, cst.DictElement)]
        if len(pairs) != len(value.elements) or not all(_plain(k) and _plain(v) for k, v in pairs):
            return None
        return [(k, v) for k, v in pairs if isinstance(k, cst.SimpleString) and isinstance(v, cst.SimpleString)]
    if not isinstance(value, _CONTAINERS) or not value.elements:
        return None
    strings = [e.value for e in value.elements if isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString)]
    if len(strings) != len(value.elements) or not all(_plain(s) for s in strings):
        return None
    return [(s, s) for s in strings]


class _Uses(cst.CSTVisitor):
    """Every ``Name`` node spelling ``word``, with its ancestors (outermost first)."""

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word
        self.stack: list[cst.CSTNode] = []
        self.found: list[tuple[cst.Name, list[cst.CSTNode]]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Name) and node.value == self.word:
            self.found.append((node, list(self.stack)))
        self.stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()


def _reads_only(table: str, ancestors: list[cst.CSTNode]) -> bool:
    """Is this use of the table a read that a dict serves like the set it replaces?"""
    parent = ancestors[-1] if ancestors else None
    if isinstance(parent, cst.ComparisonTarget):
        return isinstance(parent.operator, (cst.In, cst.NotIn))
    if isinstance(parent, (cst.For, cst.CompFor)):
        return _name(parent.iter) == table
    if isinstance(parent, cst.StarredElement):  # ``[*TABLE, "x"]``: iterated, a dict gives its keys
        return len(ancestors) > 1 and isinstance(ancestors[-2], _CONTAINERS)
    if isinstance(parent, cst.Arg) and len(ancestors) > 1 and isinstance(ancestors[-2], cst.Call):
        call = ancestors[-2]
        if parent.star == "*":  # ``print(*TABLE)``: iterated
            return True
        return isinstance(call.func, cst.Name) and call.func.value in _READERS and len(call.args) == 1
    if isinstance(parent, cst.Subscript):  # a dict table looked up: TABLE[name]
        return True
    return isinstance(parent, cst.Attribute) and parent.attr.value in ("get", "keys", "values", "items")


def _template(value: cst.BaseExpression, package: str, table: str) -> str | None:
    """The module name an argument builds around the parameter, without it: ``"."`` for ``f".{name}"``,
    ``"pkg."`` for ``f"{__name__}.{name}"``; None for any other shape."""
    text = _parts(value, package, table)
    if text is None or text.count("\0") != 1 or not text.endswith("\0"):
        return None
    return text[:-1]


def _parts(value: cst.BaseExpression, package: str, table: str) -> str | None:
    """The argument's text with the parameter (or a dict table's lookup of it) as ``\\0`` (``__name__``
    is the package's name); None if unknown."""
    if isinstance(value, cst.Subscript) and _name(value.value) == table:
        return "\0"
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and _name(value.func.value) == table:
        return "\0" if value.func.attr.value == "get" else None
    if isinstance(value, cst.FormattedString):
        parts: list[str] = []
        for part in value.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
            elif isinstance(part, cst.FormattedStringExpression) and part.format_spec is None and not part.conversion:
                inner = _parts(part.expression, package, table)
                if inner is None:
                    return None
                parts.append(inner)
            else:
                return None
        return "".join(parts)
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        left, right = _parts(value.left, package, table), _parts(value.right, package, table)
        return None if left is None or right is None else left + right
    if isinstance(value, cst.SimpleString) and "f" not in value.prefix.lower() and "b" not in value.prefix.lower():
        return str(value.evaluated_value)
    if isinstance(value, cst.Name):
        return package if value.value in ("__name__", "__package__") else "\0"
    return None


def _anchor(call: cst.Call, package: str) -> str:
    """The package a relative ``import_module`` resolves against (``__name__`` of an ``__init__``: itself)."""
    for number, arg in enumerate(call.args):
        if (arg.keyword.value if arg.keyword is not None else ("package" if number == 1 else "")) == "package":
            if _name(arg.value) in ("__name__", "__package__"):
                return package
            if isinstance(arg.value, cst.SimpleString):
                return str(arg.value.evaluated_value)
    return ""


def _import_call(ancestors: list[cst.CSTNode], package: str, table: str) -> cst.Call | None:
    """The ``import_module`` call whose whole module name is the package plus this use of the parameter."""
    for index in range(len(ancestors) - 1, -1, -1):
        node = ancestors[index]
        if isinstance(node, cst.Call) and _called(node) == "import_module":
            args = [a for a in node.args if a.keyword is None and not a.star]
            if not args or index + 1 >= len(ancestors) or ancestors[index + 1] is not args[0]:
                return None
            template = _template(args[0].value, package, table)
            if template == f"{package}." or (template == "." and _anchor(node, package) == package):
                return node
            return None
    return None


def _tests_membership(node: cst.If, parameter: str, table: str) -> bool:
    test = node.test
    return (
        isinstance(test, cst.Comparison)
        and _name(test.left) == parameter
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.In)
        and _name(test.comparisons[0].comparator) == table
    )


_Table = tuple[str, cst.BaseExpression, Sequence[tuple[cst.SimpleString, cst.SimpleString]]]


def _tables(module: cst.Module) -> list[_Table]:
    """Module-level ``NAME = <table of string constants>`` (``__all__`` is the public list, never the table)."""
    found: list[_Table] = []
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target, value = small.targets[0].target, small.value
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target, value = small.target, small.value
            else:
                continue
            strings = _table_literal(value)
            if isinstance(target, cst.Name) and target.value != "__all__" and strings is not None:
                found.append((target.value, value, strings))
    return found


def find_mapping(module: cst.Module, renames: Renames, package: str) -> LazyMapping | None:
    """The lazy table of the package ``package`` (its ``__init__``) if it can become a mapping.

    Unambiguous means: one ``__getattr__(name)`` at module level; a module-level table of string
    constants assigned once (``{...}``, ``[...]``, ``(...)``, ``frozenset(...)``) whose every other use
    only reads it (``in``, a loop, ``sorted``/``list``/``len``...), so a dict serves it the same; each use
    of ``name`` inside ``import_module`` is the whole module name after the package (``f".{name}"`` or
    ``"." + name`` with ``__name__``, ``f"{__name__}.{name}"``), and no other import takes ``name``; each
    renamed entry stays in the package.

    Returns:
        The mapping to write, or None (the caller adds the new names beside and a shim keeps the old path).
    """
    functions = [n for n in module.body if isinstance(n, cst.FunctionDef) and n.name.value == "__getattr__"]
    if len(functions) != 1 or len(functions[0].params.params) != 1:
        return None
    function = functions[0]
    parameter = function.params.params[0].name.value
    read = loader_tables(module)  # a data tuple __getattr__ never reads is no table (codemods/loader_tables.py)
    for table, value, strings in _tables(module):
        if table not in read:
            continue
        found = _mapping(module, function, parameter, (table, value, strings), renames, package)
        if found is not None:
            return found
    return None


def _mapping(
    module: cst.Module,
    function: cst.FunctionDef,
    parameter: str,
    candidate: _Table,
    renames: Renames,
    package: str,
) -> LazyMapping | None:
    table, value, entries = candidate
    new_names: dict[str, str] = {}
    for _key, string in entries:
        name = str(string.evaluated_value)
        new = renames.mapping.get(f"{package}.{name}")
        if new is None:
            continue
        if new.rpartition(".")[0] != package:
            return None  # the module leaves the package: the table cannot name it
        new_names[name] = new.rpartition(".")[2]
    if not new_names:
        return None
    uses = _Uses(table)
    module.visit(uses)
    bindings = 0
    tests: dict[int, bool] = {}
    public = False
    for _node, ancestors in uses.found:
        if isinstance(ancestors[-1], (cst.AssignTarget, cst.AnnAssign)):
            bindings += 1
        elif not _reads_only(table, ancestors):
            return None  # a set operation, a method call, a second binding: not a plain lookup table
        elif not any(a is function for a in ancestors) or not isinstance(ancestors[-1], (cst.Subscript, cst.Attribute)):
            test = membership(ancestors, function, parameter)
            if test is not None:
                tests[id(test)] = isinstance(ancestors[-3], (cst.If, cst.While)) and ancestors[-3].test is test
            public |= test is None
    if bindings != 1:
        return None
    if public and isinstance(value, cst.Dict):
        return None  # its own lookups (``TABLE[name]``) would miss the new names: shims keep the old paths
    found = LazyMapping(table, id(value), entries, new_names, public=public, tests=tests if public else {})
    names = _Uses(parameter)
    function.body.visit(names)
    imports = 0
    for node, ancestors in names.found:
        if _import_call(ancestors, package, table) is None:
            if any(isinstance(a, cst.Call) and _called(a) in ("import_module", "__import__") for a in ancestors):
                return None  # imported some other way: not a shape this rewrite knows
            continue
        imports += 1
        holder = ancestors[-1] if not isinstance(ancestors[-1], cst.Arg) else ancestors[-2]
        if isinstance(holder, (cst.Subscript, cst.SubscriptElement, cst.Index, cst.Call)):
            continue  # already looked up in the table (a dict table): only its values change
        guarded = not public and any(
            isinstance(a, cst.If) and a.body in ancestors and _tests_membership(a, parameter, table) for a in ancestors
        )
        (found.guarded if guarded else found.unguarded).add(id(node))
    return found if imports else None


def mapping_value(found: LazyMapping) -> cst.Dict:
    """The table as a dict literal, one entry a line: each name to its module's new name, and each new
    name to itself (the name Rope wrote into the importers) where the old key was the module's own name: a
    deprecation table's ``{"old_one": "m1"}`` serves ``m1`` under no key, so ``"WF1_m1"`` gets none either
    (``from pkg import WF1_m1`` would have run its warning branch)."""
    elements: list[cst.DictElement] = []
    present = {str(key.evaluated_value) for key, _ in found.entries}
    for key, string in found.entries:
        name = str(string.evaluated_value)
        new = found.new_names.get(name, name)
        attribute = str(key.evaluated_value)
        # a key that is the module's own name serves the new name too, unless the table is read as the package's
        # names; a key of another name (``{"old_one": "m1"}``) is no attribute the module is served by
        added = new != name and new not in present and attribute == name and not found.public
        targets = [(attribute, new)] + ([(new, new)] if added else [])
        for attribute, target in targets:
            key_node = key.with_changes(value=f"{key.prefix}{key.quote}{attribute}{key.quote}")
            value = string.with_changes(value=f"{string.prefix}{string.quote}{target}{string.quote}")
            long = len(f"    {key_node.value}: {value.value},") > WIDTH  # the value on a line of its own
            elements.append(
                cst.DictElement(
                    key_node,
                    value,
                    whitespace_after_colon=line_break("        ") if long else cst.SimpleWhitespace(" "),
                    comma=cst.Comma(whitespace_after=line_break("    ")),
                )
            )
    elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=line_break("")))
    return cst.Dict(elements, lbrace=cst.LeftCurlyBrace(whitespace_after=line_break("    ")))


def lookup(found: LazyMapping, use: cst.Name, original: cst.Name) -> cst.BaseExpression:
    """``name`` inside the import call -> ``TABLE[name]`` (under ``if name in TABLE``) or ``TABLE.get(name, name)``."""
    if id(original) in found.guarded:
        return cst.Subscript(cst.Name(found.table), [cst.SubscriptElement(cst.Index(use))])
    return cst.Call(
        cst.Attribute(cst.Name(found.table), cst.Name("get")),
        [cst.Arg(use, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(use)],
    )


def add_beside(
    elements: Sequence[cst.BaseElement], renames: Renames, package: str
) -> tuple[list[cst.BaseElement], list[tuple[int, str, str]]] | None:
    """A table with each renamed name's new name added beside it (``{"converters"}`` ->
    ``{"converters", "WF1_converters"}``): the new name works through the table, the old one through the
    shim at the old path.

    Returns:
        (the new elements, (index of the old element, old name, new name) for each added one), or None.
    """
    out: list[cst.BaseElement] = []
    names = {e.value.raw_value for e in elements if isinstance(e.value, cst.SimpleString)}
    added: list[tuple[int, str, str]] = []
    for index, element in enumerate(elements):
        out.append(element)
        value = element.value
        if not isinstance(value, cst.SimpleString):
            continue
        new = renames.mapping.get(f"{package}.{value.raw_value}")
        if new is None or new.rpartition(".")[0] != package or new.rpartition(".")[2] in names:
            continue
        tail = new.rpartition(".")[2]
        if index == len(elements) - 1 and element.comma is cst.MaybeSentinel.DEFAULT:
            out[-1] = element.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        out.append(
            element.with_changes(value=value.with_changes(value=f"{value.prefix}{value.quote}{tail}{value.quote}"))
        )
        added.append((index, value.raw_value, tail))
    return (out, added) if added else None
