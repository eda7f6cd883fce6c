"""``__all__`` entries that only a star import loads: a package's submodule its ``__init__`` never binds.

``__all__ = ["starmod"]`` in ``pkg/__init__.py``, with nothing there binding ``starmod``: ``from pkg import *`` then
imports ``pkg.starmod`` by that name and binds it in the importer, whose code uses the bare name (``starmod.hello()``).
Rewriting the entry to the new name (as an ``__all__`` naming a bound submodule is) made the star import bind the new
name, and every star importer's ``starmod`` raised ``NameError``; no import statement names the module for Rope to
follow. The entry keeps its old name, so ``from pkg import *`` binds what it bound before, and the old path keeps a
shim that is the renamed module (a ``star-export`` reference, ``keep-old-path``), like a lazy ``__all__`` table's
(docs/real-code.md section 3). The plan (planner/read_facts.py) and the string codemod (codemods/string_contexts.py)
ask :func:`star_loaded` of the same ``__init__``'s ``ast``.

An ``__all__`` built from constants is folded to its entries (breaker's d02, d03, h04): ``"alpha beta".split()``,
``list(_SUBS) + ["beta"]``, ``[*_A, "beta"]``, ``sorted(_A | _B)``, with a module-level name bound once to such a
value (each entry's line is that of its string). They listed nothing and ``from pkg import *`` raised
``AttributeError`` at the renamed ``alpha`` after apply.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from planner.constant_names import bound_once
from planner.dunder_all import added_by_call

__all__ = ["STAR_EXPORT", "folded", "star_loaded"]

#: Starts a ``bound_names`` key: ``star-export:NAME`` for such an ``__all__`` entry (planner/references.py).
STAR_EXPORT = "star-export:"


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The module-level statements of ``body``, also inside ``if``/``try``/``with``/loops/``match`` (not a function's
    or class's body)."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If | ast.For | ast.AsyncFor | ast.While):
            yield from _statements([*statement.body, *statement.orelse])
        elif isinstance(statement, ast.Try | ast.TryStar):
            nested = [*statement.body, *statement.orelse, *statement.finalbody]
            yield from _statements(nested + [s for handler in statement.handlers for s in handler.body])
        elif isinstance(statement, ast.With | ast.AsyncWith):
            yield from _statements(statement.body)
        elif isinstance(statement, ast.Match):
            yield from _statements([s for case in statement.cases for s in case.body])


def _names(target: ast.expr) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


#: Calls that give the entries of the one iterable they take (``list(_SUBS)``)
_COPIES = frozenset({"list", "tuple", "set", "frozenset", "sorted"})


def folded(value: ast.expr, names: dict[str, ast.expr], depth: int = 0) -> list[tuple[str, int]] | None:
    """The strings (with their lines) a value built from constants holds, in order: a list, tuple or set literal
    (``*NAME`` inside), ``"a b".split()``, ``list/tuple/set/frozenset/sorted`` of one such value, ``+`` and ``|`` of
    two, a name ``names`` binds to one; None for anything else (a call of another function, a comprehension)."""
    if depth > 20:
        return None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [(value.value, value.lineno)]
    if isinstance(value, ast.Name):
        bound = names.get(value.id)
        return None if bound is None else folded(bound, {k: v for k, v in names.items() if k != value.id}, depth + 1)
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        found: list[tuple[str, int]] = []
        for element in value.elts:
            part = folded(element.value if isinstance(element, ast.Starred) else element, names, depth + 1)
            if part is None or (not isinstance(element, ast.Starred) and len(part) != 1):
                return None
            found += part
        return found
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add | ast.BitOr):
        left, right = folded(value.left, names, depth + 1), folded(value.right, names, depth + 1)
        return None if left is None or right is None else left + right
    if isinstance(value, ast.Call) and not value.keywords and isinstance(value.func, ast.Attribute | ast.Name):
        func = value.func
        if isinstance(func, ast.Name) and func.id in _COPIES and len(value.args) == 1:
            return folded(value.args[0], names, depth + 1)
        text = func.value if isinstance(func, ast.Attribute) and func.attr == "split" else None
        separator = value.args[0].value if len(value.args) == 1 and isinstance(value.args[0], ast.Constant) else None
        if isinstance(text, ast.Constant) and isinstance(text.value, str) and len(value.args) <= 1:
            if len(value.args) == 0 or isinstance(separator, str):
                words = text.value.split(separator if isinstance(separator, str) else None)
                return [(word, text.lineno) for word in words]
    return None


def star_loaded(tree: ast.Module) -> dict[str, int]:
    """The ``__all__`` entries (string constants of a module-level list, tuple or set assigned or added to
    ``__all__``, or given to its ``append``/``extend``/``insert``) that no module-level statement binds, each with its line; none when a star import or a module
    ``__getattr__`` may bind any name."""
    bound: set[str] = set()
    entries: dict[str, int] = {}
    names = bound_once(tree)
    for statement in _statements(tree.body):
        if isinstance(statement, ast.Import):
            bound.update(alias.asname or alias.name.partition(".")[0] for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom):
            if any(alias.name == "*" for alias in statement.names):
                return {}
            bound.update(alias.asname or alias.name for alias in statement.names)
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if statement.name == "__getattr__":
                return {}
            bound.add(statement.name)
        elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                bound.update(_names(target))
                if isinstance(target, ast.Name) and target.id == "__all__" and statement.value is not None:
                    value = statement.value
                    for element in value.elts if isinstance(value, ast.List | ast.Tuple | ast.Set) else ():
                        if isinstance(element, ast.Constant) and isinstance(element.value, str):
                            entries.setdefault(element.value, element.lineno)
                    for entry, line in folded(value, names) or ():  # ``"a b".split()``, ``[*_A, "b"]``
                        entries.setdefault(entry, line)
        elif (added := added_by_call(statement)) is not None:  # ``__all__.append("x")``, ``.extend([...])``
            for element in added:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    entries.setdefault(element.value, element.lineno)
        elif isinstance(statement, ast.For | ast.AsyncFor):
            bound.update(_names(statement.target))
        elif isinstance(statement, ast.With | ast.AsyncWith):
            bound.update(name for item in statement.items if item.optional_vars for name in _names(item.optional_vars))
    return {name: line for name, line in entries.items() if name.isidentifier() and name not in bound}
