"""What an import call with a literal name imports and returns: one rule for the plan and the string codemod.

- ``__import__("helper", globals(), None, ["x"], 1)``: a ``level`` of 1 or more makes the name relative to the
  package of the ``globals()`` it is given, the file's own (:func:`import_level`); the plan lists it as a
  ``relative-path`` (planner/read_facts.py) and apply rewrites it as ``import_module(".helper", __package__)``
  (codemods/string_contexts.py).
- ``__import__("pkg.m1")`` returns the top-level package ``pkg``, and code walks the path again by attributes:
  ``__import__("pkg.m1").m1.V``; ``importlib.import_module("pkg")`` returns ``pkg``, whose attribute ``m7`` is the
  submodule once ``import pkg.m7`` ran (:func:`returned_module`). Such an attribute naming a submodule
  (:func:`chain_submodules`) names it as ``getattr(pkg, "m7")`` does: after the rename the package holds the new
  name only, so apply writes the new name there (``.WF1_..._m1``: codemods/import_chains.py), and the plan lists
  it as an ``import-attribute`` (planner/references.py).

The codemod reads libcst, the plan ``ast``: the codemod gives these functions the call's own ``ast``
(:func:`call_ast`), so both ask the same questions of the same tree.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Sequence

from planner.import_names import Escape, named_chains
from planner.python_source import Unparsable, dotted_name, parse_python

__all__ = [
    "BOUND",
    "CHAIN",
    "HANDED",
    "absolute_path",
    "attribute_chain",
    "call_ast",
    "chain_facts",
    "chain_submodules",
    "fromlist_entries",
    "fromlist_name",
    "import_level",
    "returned_module",
]

#: A fact's kind: ``chain:<returned module>``, its text the attributes read from it (planner/references.py)
CHAIN = "chain:"
#: The same read from a name bound to the call's result and bound again: not followed (planner/import_names.py)
BOUND = "bound-chain:"
#: The call's result, or a name holding it, handed on whole (returned, given to a call, kept in an attribute or a
#: container: planner/import_names.py): each submodule of the module may be read from it where nothing follows it
HANDED = "handed-chain:"

#: How each call is called (a name or an import's dotted name) -> what it is.
_DUNDER = frozenset({"__import__", "builtins.__import__"})
_IMPORT_MODULE = frozenset({"import_module", "importlib.import_module"})


def call_ast(source: str) -> ast.Call | None:
    """The ``ast`` of one call's source text (a libcst node's code), else ``None``."""
    try:
        tree = parse_python(f"(\n{source}\n)")
    except Unparsable:
        return None
    body = tree.body[0] if len(tree.body) == 1 else None
    return body.value if isinstance(body, ast.Expr) and isinstance(body.value, ast.Call) else None


def _argument(call: ast.Call, index: int, keyword: str) -> tuple[bool, ast.expr | None]:
    """(given, value) of the argument at ``index`` or by ``keyword``."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return True, None  # ``*args``/``**kwargs``: given, value unknown
    if len(call.args) > index:
        return True, call.args[index]
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    return found is not None, found


def import_level(call: ast.Call) -> int | None:
    """The ``level`` of ``__import__(name, globals, locals, fromlist, level)``: 0 when absent or ``0`` (also for any
    other call), the number when it is a literal above 0 and the package it counts from is the file's
    (``globals()``), else ``None`` (not known here: the name is no absolute path either)."""
    if dotted_name(call.func) not in _DUNDER:
        return 0
    given, value = _argument(call, 4, "level")
    if not given or (isinstance(value, ast.Constant) and value.value == 0):
        return 0
    if not (isinstance(value, ast.Constant) and type(value.value) is int and value.value > 0):
        return None
    _, scope = _argument(call, 1, "globals")
    own = isinstance(scope, ast.Call) and dotted_name(scope.func) == "globals" and not scope.args
    return value.value if own else None


def _fromlist(call: ast.Call) -> bool | None:
    """Does ``__import__`` get a non-empty ``fromlist`` (it then returns the module itself)? ``None``: not known."""
    given, value = _argument(call, 3, "fromlist")
    if not given or (isinstance(value, ast.Constant) and value.value is None):
        return False
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)) and not any(isinstance(e, ast.Starred) for e in value.elts):
        return bool(value.elts)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return bool(value.value)
    return None


def fromlist_entries(call: ast.Call) -> list[ast.expr]:
    """The entries of ``__import__``'s literal ``fromlist`` in order (``[]`` for any other call or ``fromlist``).
    Each names an attribute of the module the call returns (:func:`returned_module`), as ``.m2`` does after it:
    ``__import__("pkg.sub", fromlist=["m2"])`` imports ``pkg.sub.m2``, so a renamed submodule's entry takes its new
    name with the attribute (:func:`chain_facts`, codemods/import_chains.py), else the import finds nothing to load."""
    if dotted_name(call.func) not in _DUNDER:
        return []
    _, value = _argument(call, 3, "fromlist")
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)) and not any(isinstance(e, ast.Starred) for e in value.elts):
        return list(value.elts)
    return []


def fromlist_name(entry: ast.expr) -> str | None:
    """The attribute a :func:`fromlist_entries` entry names: a literal string with no dot, else ``None``."""
    if isinstance(entry, ast.Constant) and isinstance(entry.value, str) and entry.value and "." not in entry.value:
        return entry.value
    return None


def returned_module(call: ast.Call) -> str | None:
    """The module an import call of a literal name returns: ``import_module("pkg.sub")`` the module itself;
    ``__import__("pkg.sub")`` the top-level ``pkg``, with a non-empty ``fromlist`` ``pkg.sub``; a relative
    ``__import__("sub.x", globals(), None, [], 1)`` ``.sub``, relative to the file's package (:func:`absolute_path`).
    ``None`` when the call is neither, its name is no literal, or what it returns is not known here."""
    called = dotted_name(call.func)
    if not call.args or not (isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
        return None
    name = call.args[0].value
    if not name or name.startswith("."):
        return None
    if called in _IMPORT_MODULE:
        return name if len(call.args) == 1 and not call.keywords else None
    if called not in _DUNDER:
        return None
    level, leaf = import_level(call), _fromlist(call)
    if level is None or leaf is None:
        return None
    return "." * level + (name if leaf else name.partition(".")[0])


def absolute_path(path: str, package: str | None) -> str | None:
    """``path`` (a :func:`returned_module`) as an absolute module path, a relative one below ``package``."""
    level = len(path) - len(path.lstrip("."))
    if not level:
        return path
    parts = package.split(".") if package else []
    if level > len(parts):
        return None
    return ".".join([*parts[: len(parts) - level + 1], path[level:]])


def chain_submodules(
    owner: str, attributes: Sequence[str], modules: Collection[str], shadowed: Collection[str] = ()
) -> list[tuple[int, str]]:
    """``(index, submodule)`` for each of ``attributes``, read in turn from the module ``owner``, that names a
    submodule of ``modules`` (``__import__("pkg.sub.m1").sub.m1.V``: ``sub`` is ``pkg.sub``, ``m1`` is
    ``pkg.sub.m1``); the walk stops at the first that names none, or one its package shadows (``from .slug import
    slug``: ``pkg.slug`` is the function)."""
    found = []
    for index, name in enumerate(attributes):
        path = f"{owner}.{name}"
        if path in shadowed or path not in modules:
            break
        found.append((index, path))
        owner = path
    return found


def attribute_chain(node: ast.Attribute) -> tuple[ast.Call, list[str]] | None:
    """The call at the bottom of ``node``'s chain of attributes and the attributes' names from it outward
    (``__import__("pkg.m1").m1.V``: the call, ``["m1", "V"]``), when the bottom is a call, else ``None``."""
    names: list[str] = []
    value: ast.expr = node
    while isinstance(value, ast.Attribute):
        names.insert(0, value.attr)
        value = value.value
    return (value, names) if isinstance(value, ast.Call) else None


def chain_facts(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    """``(line, kind, attributes)`` for each outermost chain of attributes read from an import call's returned module
    (:func:`returned_module`), the attributes joined by dots, its kind :data:`CHAIN` and the module; for each entry of
    its ``fromlist`` (:func:`fromlist_entries`), an attribute read from it too; for each chain read from a name bound
    to its result (planner/import_names.py), :data:`CHAIN` when the name is followed, else :data:`BOUND`; for each
    result handed on whole, :data:`HANDED` with no attributes."""
    inner: set[int] = set()
    for node in ast.walk(tree):  # outer before inner: breadth first
        owner = returned_module(node) if isinstance(node, ast.Call) and fromlist_entries(node) else None
        if isinstance(node, ast.Call) and owner is not None:
            entries = ((entry.lineno, fromlist_name(entry)) for entry in fromlist_entries(node))
            yield from ((line, CHAIN + owner, name) for line, name in entries if name is not None)
        if not isinstance(node, ast.Attribute) or id(node) in inner:
            continue
        value = node.value
        while isinstance(value, ast.Attribute):
            inner.add(id(value))
            value = value.value
        found = attribute_chain(node)
        returned = returned_module(found[0]) if found is not None else None
        if found is not None and returned is not None:
            yield node.lineno, CHAIN + returned, ".".join(found[1])
    escapes: list[Escape] = []
    for chain, attributes, (calls, followed) in named_chains(tree, returned_module, escapes):
        for module in dict.fromkeys(r for r in map(returned_module, calls) if r is not None):
            yield chain.lineno, (CHAIN if followed else BOUND) + module, ".".join(attributes)
    for node, calls in escapes:  # handed on whole: what is read from it later is out of sight
        for module in dict.fromkeys(r for r in map(returned_module, calls) if r is not None):
            yield node.lineno, HANDED + module, ""
