"""``__all__`` entries that only a star import loads: a package's submodule its ``__init__`` never binds.

``__all__ = ["starmod"]`` in ``pkg/__init__.py``, with nothing there binding ``starmod``: ``from pkg import *`` then
imports ``pkg.starmod`` by that name and binds it in the importer, whose code uses the bare name (``starmod.hello()``).
Rewriting the entry to the new name (as an ``__all__`` naming a bound submodule is) made the star import bind the new
name, and every star importer's ``starmod`` raised ``NameError``; no import statement names the module for Rope to
follow. The entry keeps its old name, so ``from pkg import *`` binds what it bound before, and the old path keeps a
shim that is the renamed module (a ``star-export`` reference, ``keep-old-path``), like a lazy ``__all__`` table's
(docs/real-code.md section 3). The plan (planner/read_facts.py) and the string codemod (codemods/string_contexts.py)
ask :func:`star_loaded` of the same ``__init__``'s ``ast``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from planner.dunder_all import added_by_call

__all__ = ["STAR_EXPORT", "star_loaded"]

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


def star_loaded(tree: ast.Module) -> dict[str, int]:
    """The ``__all__`` entries (string constants of a module-level list, tuple or set assigned or added to
    ``__all__``, or given to its ``append``/``extend``/``insert``) that no module-level statement binds, each with its line; none when a star import or a module
    ``__getattr__`` may bind any name."""
    bound: set[str] = set()
    entries: dict[str, int] = {}
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
        elif (added := added_by_call(statement)) is not None:  # ``__all__.append("x")``, ``.extend([...])``
            for element in added:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    entries.setdefault(element.value, element.lineno)
        elif isinstance(statement, ast.For | ast.AsyncFor):
            bound.update(_names(statement.target))
        elif isinstance(statement, ast.With | ast.AsyncWith):
            bound.update(name for item in statement.items if item.optional_vars for name in _names(item.optional_vars))
    return {name: line for name, line in entries.items() if name.isidentifier() and name not in bound}
