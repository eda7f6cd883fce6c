"""A name bound to an import call's result, and the submodules read as its attributes (review28 F4).

``x = __import__("pkg.m1")`` then ``x.m1.V`` reads ``m1`` from ``pkg`` as ``__import__("pkg.m1").m1.V`` does
(planner/import_calls.py): after the rename the package holds the new name only. A name bound once in its scope (the
module, a function) by ``name = <import call>`` (or ``name: T =``, ``name :=``) whose returned module is known is followed where it is read: in that
scope, or in a function nested in it that doesn't bind the name itself. The plan lists each submodule read from it as
an ``import-attribute`` and apply writes its new name (codemods/import_chains.py): one rule. A name bound to an import
call's result and bound again (another assignment, a loop, ``del``, ``global``/``nonlocal``) is not followed: the plan
lists each submodule read from it as a ``bound-attribute``, for a person, with its line. An unpacking of as many
values (``a, b = __import__("pkg.m1"), 0``) binds each name as ``a = call`` does. A result handed on whole (returned,
given to a call, kept in an attribute or a container, or a followed name so handed on) may be read anywhere: the plan
lists each submodule of what the call returns as a ``handed-import``, for a person, with the line handing it on.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from planner.module_calls import attribute_call_kind
from planner.python_source import dotted_name

__all__ = ["Bound", "Escape", "named_chains"]

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
    tree: ast.AST, returns: Callable[[ast.Call], str | None], escapes: list[Escape] | None = None
) -> Iterator[tuple[ast.Attribute, list[str], Bound]]:
    """``(outermost attribute, attributes' names, what its name holds)`` for each chain of attributes read from a name
    bound to an import call's result (``returns``: the module the call returns, else ``None``). With ``escapes``, also
    each import call's result, or name holding one, handed on whole (:func:`_handed_on`) is appended to it."""
    rebound: set[str] = set()
    held = False  # a name bound to an import call ``returns`` knows: most files that call one bind none
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            rebound.update(node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            held = held or any(isinstance(t, ast.Name) and returns(v) is not None for t, v in _pairs(node))
    if held or escapes is not None:
        yield from _scope(tree, {}, returns, rebound, escapes)


#: An import call's result handed on whole, out of this rule's sight: the node handing it (the call, or a name holding
#: it) and the calls it may be
Escape = tuple[ast.expr, tuple[ast.Call, ...]]


def _pairs(node: ast.Assign | ast.AnnAssign | ast.NamedExpr) -> Iterator[tuple[ast.expr, ast.Call]]:
    """``(target, import call)`` for each call ``node`` binds to a target of its own: ``x = call``, ``x = y = call``,
    ``x: T = call``, ``(x := call)``, and each element of an unpacking of as many, ``a, (b, c) = call, (d, e)``."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    stack = [(target, node.value) for target in targets if node.value is not None]
    while stack:
        target, value = stack.pop()
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
            if len(target.elts) == len(value.elts) and not any(
                isinstance(e, ast.Starred) for e in (*target.elts, *value.elts)
            ):
                stack += zip(target.elts, value.elts, strict=True)
        elif isinstance(value, ast.Call):
            yield target, value


def _handed_on(node: ast.AST) -> Iterator[ast.expr]:
    """The values ``node`` hands on whole, where what is read from them later is out of this rule's sight: returned
    or yielded, given to a call, kept in a container, an attribute, an item or another name, a branch of a
    conditional or a boolean operation, a comprehension's element."""
    if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None:
        yield node.value
    elif isinstance(node, ast.Call):
        yield from (a.value if isinstance(a, ast.Starred) else a for a in node.args)
        yield from (k.value for k in node.keywords)
    elif isinstance(node, ast.Set) or (isinstance(node, (ast.List, ast.Tuple)) and isinstance(node.ctx, ast.Load)):
        yield from (e.value if isinstance(e, ast.Starred) else e for e in node.elts)
    elif isinstance(node, ast.Dict):
        yield from (v for v in (*node.keys, *node.values) if v is not None)
    elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and node.value is not None:
        yield node.value  # a call bound to a name of its own is followed (:func:`_pairs`), an alias ``y = x`` not
    elif isinstance(node, ast.IfExp):
        yield from (node.body, node.orelse)
    elif isinstance(node, ast.BoolOp):
        yield from node.values
    elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        yield node.elt
    elif isinstance(node, ast.DictComp):
        yield from (node.key, node.value)


def _attribute_owner(node: ast.AST, returns: Callable[[ast.Call], str | None]) -> ast.Call | None:
    """The import call ``getattr(<call>, "mod")`` (``hasattr``, ``mock.patch.object`` ...: planner/module_calls.py's
    ``attribute_call_kind``) reads a literal attribute of, when the call's absolute module is known: read there as
    ``getattr(pkg, "mod")`` is (planner/attribute_strings.py's ``called_owner``), not handed on."""
    if not (isinstance(node, ast.Call) and len(node.args) >= 2 and isinstance(node.args[0], ast.Call)):
        return None
    name, owner = node.args[1], node.args[0]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return None
    if attribute_call_kind((dotted_name(node.func),)) is None:
        return None
    returned = returns(owner)
    return owner if returned is not None and not returned.startswith(".") else None


#: Calls that evaluate source against a namespace they are given: by name -> (the source's position or -1 for an
#: object's annotations, the positions and keywords of the namespaces)
_EVALUATORS: dict[str, tuple[int, tuple[int, ...], tuple[str, ...]]] = {
    **dict.fromkeys(
        ("get_type_hints", "typing.get_type_hints", "typing_extensions.get_type_hints"),
        (-1, (1, 2), ("globalns", "localns")),
    ),
    **dict.fromkeys(("inspect.get_annotations", "get_annotations"), (-1, (), ("globals", "locals"))),
    **dict.fromkeys(("eval", "exec", "builtins.eval", "builtins.exec"), (0, (1, 2), ("globals", "locals"))),
}


def _namespace_values(node: ast.AST) -> list[ast.expr]:
    """The values of a literal dict given as the namespace source is evaluated in: ``get_type_hints(f,
    globalns={"pkg": __import__("pkg")})``, ``eval("pkg.models.Thing", {"pkg": pkg_module})``. What is read from them
    is the source's dotted paths (``"pkg.models.Thing"``: an annotation of the checkout, a literal source), which the
    string rules rewrite: not handed on out of sight. ``eval``/``exec`` only with a literal source."""
    if not isinstance(node, ast.Call):
        return []
    shape = _EVALUATORS.get(dotted_name(node.func))
    if shape is None:
        return []
    source, positions, keywords = shape
    text = node.args[source] if 0 <= source < len(node.args) else None
    if source >= 0 and not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
        return []
    given = [node.args[i] for i in positions if i < len(node.args)]
    given += [k.value for k in node.keywords if k.arg in keywords]
    return [value for namespace in given if isinstance(namespace, ast.Dict) for value in namespace.values]


def _scope(
    scope: ast.AST,
    outer: dict[str, Bound],
    returns: Callable[[ast.Call], str | None],
    rebound: set[str],
    escapes: list[Escape] | None,
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
    paired: set[int] = set()  # the calls bound to a name of their own: followed, not handed on
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            for target, bound in _pairs(node):
                if isinstance(target, ast.Name) and returns(bound) is not None:
                    calls.setdefault(target.id, []).append(bound)
                    paired.add(id(bound))
    own = {name: (tuple(calls.get(name, ())), count == 1 and name in calls) for name, count in counts.items()}
    for name in rebound & own.keys():  # ``global x``/``nonlocal x`` anywhere: bound from another scope too
        own[name] = (tuple(dict.fromkeys((*outer.get(name, _OTHER)[0], *own[name][0]))), False)
    visible = {**outer, **own}
    if escapes is not None:
        handed = [scope.body] if isinstance(scope, ast.Lambda) else []  # a lambda's result
        paired |= {id(owner) for node in nodes if (owner := _attribute_owner(node, returns)) is not None}
        paired |= {id(value) for node in nodes for value in _namespace_values(node)}
        for given in (*handed, *(v for node in nodes for v in _handed_on(node) if id(v) not in paired)):
            if isinstance(given, ast.Call) and returns(given) is not None:
                escapes.append((given, (given,)))
            elif isinstance(given, ast.Name) and visible.get(given.id, _OTHER)[0]:
                escapes.append((given, visible[given.id][0]))
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
            yield from _scope(node, outer if isinstance(scope, ast.ClassDef) else visible, returns, rebound, escapes)
