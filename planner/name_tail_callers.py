"""The calls of the checkout's functions and methods that a read of a parameter's module name asks about
(planner/name_tail_plan.py): each file that imports the function's module or the function is parsed once."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from planner.discover import ModuleFile
from planner.facts import FileFacts
from planner.module_refs import ModuleRefs
from planner.name_tails import name_source
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python

__all__ = ["Callers", "argument"]


class Callers:
    """The calls of the checkout's module-level functions, read only for the functions asked about: each file that
    imports the function's module or the function is parsed once."""

    def __init__(self, root: Path, files: list[ModuleFile], facts: Mapping[str, FileFacts]) -> None:
        self.root, self.files, self.facts = root, files, facts
        self.by_path = {f.path: f for f in files}
        self.spellings: dict[str, list[tuple[ModuleFile, str]]] | None = None  #: "module:function" -> spellings
        #: path -> its calls by the callee's dotted name, what its names hold, the lines of names used but not called
        self.read: dict[str, tuple[dict[str, list[ast.Call]], ModuleRefs, dict[str, list[int]]] | None] = {}
        #: path -> the names it uses as a bare decorator (``@register``): the parameter is the decorated function
        self.decorating: dict[str, set[str]] = {}

    def calls(self, owner: ModuleFile, function: str) -> Iterator[tuple[ModuleFile, ModuleRefs, ast.Call]]:
        """Each call of ``owner``'s ``function``: in its own file, and in the files that import it."""
        for path, names in self._spelled(owner, function):
            found = self._parsed(path)
            if found is not None:
                calls, refs, _ = found
                chosen = sorted((c for name in names for c in calls.get(name, ())), key=lambda c: c.lineno)
                yield from ((self.by_path[path], refs, c) for c in chosen)

    def method_calls(
        self, owner: ModuleFile, qualified: str, index: int, parameter: str
    ) -> tuple[list[tuple[ModuleFile, ModuleRefs, ast.Call]], list[tuple[ModuleFile, ast.Call]]]:
        """The calls of ``owner``'s method ``qualified`` (``Klass.method``) on an object known: the class, or a name
        ``owner`` binds only to an instance of it (``registry = Registry()``), as each file that imports it spells
        it (``registry.register``, ``r.registry.register``, ``Names.remember``); and the calls of a method of that
        name in those files on another object (``self._reg.register``) handing a module's name."""
        klass, _, method = qualified.partition(".")
        parsed = self._parsed(owner.path)
        if parsed is None:
            return [], []
        made = [n for n, vs in parsed[1].values.items() if vs and all(_makes(v, klass) for v in vs)]
        spelled: dict[str, set[str]] = {}
        for holder in (klass, *made):
            for path, names in self._spelled(owner, holder):
                spelled.setdefault(path, set()).update(f"{name}.{method}" for name in names)
        known: list[tuple[ModuleFile, ModuleRefs, ast.Call]] = []
        unknown: list[tuple[ModuleFile, ast.Call]] = []
        for path, names in sorted(spelled.items()):
            found = self._parsed(path)
            if found is None:
                continue
            calls, refs, _ = found
            for callee, chosen in calls.items():
                for call in chosen:
                    if callee in names:
                        known.append((self.by_path[path], refs, call))
                    elif isinstance(call.func, ast.Attribute) and call.func.attr == method:
                        given = argument(call, index, parameter)
                        source = name_source(given, refs.values) if given is not None else None
                        if isinstance(source, str) or isinstance(source, ast.expr) and not refs.of_instance(source):
                            unknown.append((self.by_path[path], call))  # ``__name__``, ``mod.__name__``
        return sorted(known, key=lambda k: (k[0].path, k[2].lineno)), unknown

    def passed(self, owner: ModuleFile, function: str) -> list[tuple[str, int]]:
        """(path, line) of each use of ``owner``'s ``function`` other than a call (``map(parser, [numpy])``, a
        callback): its arguments are given where this module does not look."""
        found: list[tuple[str, int]] = []
        for path, names in self._spelled(owner, function):
            parsed = self._parsed(path)
            if parsed is not None:
                found += sorted((path, line) for name in names for line in parsed[2].get(name, ()))
        return found

    def decorates(self, owner: ModuleFile, function: str) -> bool:
        """Is ``owner``'s ``function`` used as a bare decorator (``@register``) somewhere? Its parameter is then the
        function or class it decorates, whose name is no module's."""
        spelled = self._spelled(owner, function)
        return any(bool(self._parsed(path)) and names & self.decorating.get(path, set()) for path, names in spelled)

    def decorating_files(self, owner: ModuleFile, function: str) -> list[ModuleFile]:
        """The files that use ``owner``'s ``function`` as a bare decorator: what it is given is defined there."""
        spelled = self._spelled(owner, function)
        return [self.by_path[p] for p, names in spelled if self._parsed(p) and names & self.decorating.get(p, set())]

    def _spelled(self, owner: ModuleFile, function: str) -> list[tuple[str, set[str]]]:
        """Each file that may name ``owner``'s ``function``, with its spellings there."""
        if self.spellings is None:
            self.spellings = self._index()
        spelled: dict[str, set[str]] = {owner.path: {function}}
        todo, seen = [(owner.name, function)], {(owner.name, function)}
        while todo:  # each module that imports the function binds it too: ``from .reg import register`` re-exports
            module, name = todo.pop()
            for file, spelling in self.spellings.get(f"{module}:{name}", ()):
                spelled.setdefault(file.path, set()).add(spelling)
                if (file.name, spelling) not in seen:
                    seen.add((file.name, spelling))
                    todo.append((file.name, spelling))
            for file, spelling in self.spellings.get(f"{module}:", ()):
                spelled.setdefault(file.path, set()).add(f"{spelling}.{name}")
        return sorted(spelled.items())

    def _index(self) -> dict[str, list[tuple[ModuleFile, str]]]:
        """``module:function`` -> (file, local name) of each ``from module import function``; ``module:`` -> (file,
        name) of each ``import module``."""
        index: dict[str, list[tuple[ModuleFile, str]]] = {}
        for file in self.files:
            for imp in self.facts[file.path].imports:
                if imp.form in ("from", "from-as") and imp.name:
                    base = imp.resolve_base(file.package)
                    index.setdefault(f"{base}:{imp.name}", []).append((file, imp.alias or imp.name))
                    # ``from tests import helpers`` then ``helpers.parser(numpy)``
                    index.setdefault(f"{base}.{imp.name}:", []).append((file, imp.alias or imp.name))
                elif imp.form in ("import", "import-as"):
                    index.setdefault(f"{imp.module}:", []).append((file, imp.alias or imp.module))
        return index

    def _parsed(self, path: str) -> tuple[dict[str, list[ast.Call]], ModuleRefs, dict[str, list[int]]] | None:
        if path not in self.read:
            try:
                with open(os.path.join(self.root, path), "rb") as handle:
                    tree = parse_python(handle.read(), path)
                with deep_walk():
                    calls: dict[str, list[ast.Call]] = {}
                    callees: set[int] = set()
                    used: dict[str, list[int]] = {}  # a name's uses that are not calls: passed on
                    decorators = {id(d) for n in ast.walk(tree) for d in getattr(n, "decorator_list", ())}
                    for node in ast.walk(tree):  # a call before its callee: breadth first
                        if isinstance(node, ast.Call):
                            calls.setdefault(dotted_name(node.func), []).append(node)
                            callees.add(id(node.func))
                        elif isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in callees:
                            if isinstance(node.ctx, ast.Load) and (name := dotted_name(node)):
                                if id(node) in decorators:
                                    self.decorating.setdefault(path, set()).add(name)
                                else:
                                    used.setdefault(name, []).append(node.lineno)
                    self.read[path] = (calls, ModuleRefs(tree), used)
            except (OSError, Unparsable):
                self.read[path] = None
        return self.read[path]


def _makes(value: ast.expr, klass: str) -> bool:
    """Is ``value`` an instance of ``klass`` made by calling it (``Registry()``)?"""
    return isinstance(value, ast.Call) and dotted_name(value.func) == klass


def argument(call: ast.Call, index: int, parameter: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return None
