"""Lookups of an entry point by its name in code: the name, which apply keeps, never a module (issue 13).

An entry point's name spelled like a module path is kept in its declarations (planner/entry_point_names.py). Code that
looks the entry point up by that name spells the same name, whatever module the value names:

- ``entry_points(group=..., name="pkg.plug")``, ``eps.select(name=...)``, ``iter_entry_points(group, name)``
  (planner/entry_point_names.py's ``name_arguments``);
- a subscript or ``.get`` of a listing: ``entry_points(group="g")["pkg.plug"]``, ``eps["pkg.plug"]`` with ``eps``
  bound to a listing only, ``get_entry_map(dist, "g")["pkg.plug"]``;
- a comparison with an entry point's ``.name``, ``ep`` a loop's or a comprehension's target over a listing:
  ``ep.name == "pkg.plug"``, ``ep.name in ("pkg.plug", ...)``; with a listing's ``.names``: ``"pkg.plug" in
  eps.names``, ``{"pkg.plug"} == set(eps.names)``;
- the argument of a function of the file that compares its parameter so (``def by_name(name): ... ep.name ==
  name``, then ``by_name("pkg.plug")``), one level.

A listing is a call of ``entry_points``, ``select``, ``iter_entry_points`` or ``get_entry_map``, a name every
assignment of the file binds to one, or ``list``/``sorted``/``tuple`` of one. Plan (planner/read_facts.py) and apply
(codemods/string_rewriter.py) ask :func:`entry_name_strings` the same question.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from planner.entry_point_names import name_arguments
from planner.py_modules import string_positions
from planner.python_source import Unparsable, deep_walk, parse_python

__all__ = ["entry_name_positions", "entry_name_strings"]

#: the calls that list entry points (importlib.metadata's, pkg_resources')
_LISTINGS = frozenset({"entry_points", "select", "iter_entry_points", "get_entry_map"})
#: calls that keep a listing a listing
_WRAPPERS = frozenset({"list", "sorted", "tuple", "set", "frozenset", "iter", "reversed"})
_TESTS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


class _Flow:
    """The file's names bound to listings and to the entry points they give."""

    def __init__(self, tree: ast.Module) -> None:
        self.listings: set[str] = set()
        self.items: set[str] = set()
        bound: dict[str, list[ast.expr]] = {}
        loops: list[tuple[ast.expr, ast.expr]] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        bound.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
                bound.setdefault(node.target.id, []).append(node.value or node.target)
            elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                loops.append((node.target, node.iter))
        changed = True
        while changed:  # names bound to names bound to listings: to a fixed point
            changed = False
            for name, values in bound.items():
                if name not in self.listings and all(self.listing(v) for v in values):
                    self.listings.add(name)
                    changed = True
        for target, iterable in loops:
            if isinstance(target, ast.Name) and self.listing(iterable):
                self.items.add(target.id)

    def listing(self, node: ast.expr) -> bool:
        """Is ``node`` a listing of entry points?"""
        if isinstance(node, ast.Name):
            return node.id in self.listings
        if isinstance(node, ast.Call):
            called = _called(node)
            if called in _LISTINGS:
                return True
            return called in _WRAPPERS and isinstance(node.func, ast.Name) and any(self.listing(a) for a in node.args)
        return False

    def named(self, node: ast.expr, parameters: Iterable[str] = ()) -> bool:
        """Is ``node`` an entry point's name, or the names of a listing (``ep.name``, ``eps.names``)?"""
        if isinstance(node, ast.Call) and _called(node) in _WRAPPERS and len(node.args) == 1:
            return self.named(node.args[0])
        if not isinstance(node, ast.Attribute):
            return False
        if node.attr == "name":
            return isinstance(node.value, ast.Name) and node.value.id in self.items
        return node.attr == "names" and self.listing(node.value)


def _strings(node: ast.expr) -> list[ast.Constant]:
    """``node``'s string constants: itself, or the elements of a literal tuple, list or set."""
    elements = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return [e for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _compared(flow: _Flow, node: ast.Compare) -> tuple[list[ast.Constant], set[str]]:
    """The strings ``node`` compares with an entry point's name, and the names of the parameters it compares so."""
    operands = [node.left, *node.comparators]
    if not all(isinstance(op, _TESTS) for op in node.ops) or not any(flow.named(o) for o in operands):
        return [], set()
    others = [o for o in operands if not flow.named(o)]
    return [s for o in others for s in _strings(o)], {o.id for o in others if isinstance(o, ast.Name)}


def _by_parameter(tree: ast.Module, flow: _Flow) -> dict[str, tuple[int, str]]:
    """The file's functions that compare a parameter with an entry point's name: function -> (position, name)."""
    found: dict[str, tuple[int, str]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        for node in ast.walk(function):
            if isinstance(node, ast.Compare):
                for name in _compared(flow, node)[1] & set(parameters):
                    found[function.name] = (parameters.index(name), name)
    return found


def entry_name_strings(tree: ast.Module) -> list[ast.Constant]:
    """The string constants of ``tree`` that spell an entry point's name where code looks it up (module docstring).

    Returns:
        The constants, in the order found.
    """
    flow = _Flow(tree)
    helpers = _by_parameter(tree, flow)
    found: list[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += name_arguments(node)
            if isinstance(node.func, ast.Attribute) and node.func.attr == "get" and flow.listing(node.func.value):
                found += _strings(node.args[0]) if node.args else []
            helper = helpers.get(node.func.id) if isinstance(node.func, ast.Name) else None
            if helper is not None:
                at, name = helper
                given = [k.value for k in node.keywords if k.arg == name]
                found += _strings((node.args[at:] or given or [node.func])[0])
        elif isinstance(node, ast.Subscript) and flow.listing(node.value):
            found += _strings(node.slice)
        elif isinstance(node, ast.Compare):
            found += _compared(flow, node)[0]
    return found


def entry_name_positions(source: str) -> set[tuple[int, int]]:
    """Where (line, column in characters: libcst's) each string of ``source`` that spells an entry point's name
    starts (:func:`entry_name_strings`), for apply.

    Returns:
        The positions; none when ``source`` does not parse.
    """
    try:
        with deep_walk():
            tree = parse_python(source)
    except Unparsable:
        return set()  # libcst's parse reports it
    return string_positions(source, entry_name_strings(tree))
