"""A name bound to an import call's result, and the submodules read as its attributes (review28 F4).

``x = __import__("pkg.m1")`` then ``x.m1.V`` reads ``m1`` from ``pkg`` as ``__import__("pkg.m1").m1.V`` does
(planner/import_calls.py): after the rename the package holds the new name only. A name bound once in its scope (the
module, a function) by ``name = <import call>`` (or ``name: T =``, ``name :=``) whose returned module is known is followed where it is read: in that
scope, or in a function nested in it that doesn't bind the name itself. The plan lists each submodule read from it as
an ``import-attribute`` and apply writes its new name (codemods/import_chains.py): one rule. A name bound to an import
call's result and bound again (another assignment, a loop, ``del``, ``global``/``nonlocal``) is not followed: the plan
lists each submodule read from it as a ``bound-import-attribute``, for a person, with its line.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

__all__ = ["Bound", "named_chains"]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
#: What a name of a scope holds: the import calls bound to it there, and whether it is followed (bound once)
Bound = tuple[tuple[ast.Call, ...], bool]
_OTHER: Bound = ((), False)


def _bound(node: ast.AST) -> Iterator[str]:
    """The names ``node`` itself binds in the scope it sits in (``global``/``nonlocal``: bound elsewhere too)."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        yield node.id
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield node.name
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        yield from (a.asname or a.name.partition(".")[0] for a in node.names)
    elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        yield node.name
    elif isinstance(node, ast.MatchMapping) and node.rest:
        yield node.rest
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        yield from node.names


def _own(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``scope``'s own code, its parameters' defaults and nested scopes' decorators, defaults and bases
    included, their bodies not (each nested scope is yielded itself)."""
    if isinstance(scope, _FUNCTIONS):
        body = scope.body if isinstance(scope.body, list) else [scope.body]
        stack: list[ast.AST] = [*body, *(a for a in _arguments(scope.args))]
    else:
        stack = list(getattr(scope, "body", []))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _FUNCTIONS):
            stack += [*getattr(node, "decorator_list", []), *node.args.defaults]
            stack += [d for d in node.args.kw_defaults if d is not None]
        elif isinstance(node, ast.ClassDef):
            stack += [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
        else:
            stack += ast.iter_child_nodes(node)


def _arguments(args: ast.arguments) -> Iterator[ast.arg]:
    yield from (p for p in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if p is not None)


def named_chains(
    tree: ast.AST, returns: Callable[[ast.Call], str | None]
) -> Iterator[tuple[ast.Attribute, list[str], Bound]]:
    """``(outermost attribute, attributes' names, what its name holds)`` for each chain of attributes read from a name
    bound to an import call's result (``returns``: the module the call returns, else ``None``)."""
    rebound: set[str] = set()
    held = False  # a name bound to an import call ``returns`` knows: most files that call one bind none
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            rebound.update(node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and isinstance(node.value, ast.Call):
            held = held or returns(node.value) is not None
    if held:
        yield from _scope(tree, {}, returns, rebound)


def _scope(
    scope: ast.AST, outer: dict[str, Bound], returns: Callable[[ast.Call], str | None], rebound: set[str]
) -> Iterator[tuple[ast.Attribute, list[str], Bound]]:
    nodes = list(_own(scope))
    counts: dict[str, int] = {}
    for node in nodes:
        for name in _bound(node):
            counts[name] = counts.get(name, 0) + 1
    if isinstance(scope, _FUNCTIONS):
        for parameter in _arguments(scope.args):
            counts[parameter.arg] = counts.get(parameter.arg, 0) + 1
    calls: dict[str, list[ast.Call]] = {}
    for node in nodes:  # ``x = y = call``, ``x: T = call``, ``(x := call)``
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        bound = node.value if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) else None
        if isinstance(bound, ast.Call) and returns(bound) is not None:
            for target in targets:
                if isinstance(target, ast.Name):
                    calls.setdefault(target.id, []).append(bound)
    own = {name: (tuple(calls.get(name, ())), count == 1 and name in calls) for name, count in counts.items()}
    for name in rebound & own.keys():  # ``global x``/``nonlocal x`` anywhere: bound from another scope too
        own[name] = (tuple(dict.fromkeys((*outer.get(name, _OTHER)[0], *own[name][0]))), False)
    visible = {**outer, **own}
    inner: set[int] = set()
    for node in nodes:
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            names: list[str] = []
            value: ast.expr = node
            while isinstance(value, ast.Attribute):
                inner.add(id(value))
                names.insert(0, value.attr)
                value = value.value
            held = visible.get(value.id, _OTHER) if isinstance(value, ast.Name) else _OTHER
            if held[0]:
                yield node, names, held
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            yield from _scope(node, outer if isinstance(scope, ast.ClassDef) else visible, returns, rebound)
