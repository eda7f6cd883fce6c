"""Which modules keep their names because the code reads their name's last part (planner/name_tails.py).

A read attributed in its own file names the module (``from pkg import google`` then ``google.__name__.split(".")
[-1]``, or ``__name__`` itself). A read of a module-level function's parameter is attributed by the calls of that
function: its own file's and those of the files that import it (``from tests.helpers import parser`` then
``parser(google)``), read here, only for such functions. Each module named keeps its name, listed under the plan's
``kept`` with the line that reads the tail (and the call that gives the module); a read nothing attributes is a
``module-name-tail`` hazard naming the checkout's modules its file imports, the objects it may be given. A read of a
module's file name (``Path(__file__).stem``, planner/file_name_reads.py) is attributed the same way, its hazard
``module-file-name``.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import (
    FILE_CLASS,
    FILE_NAME,
    FILE_PARAM,
    FILE_UNKNOWN,
    NAME_TAIL,
    TAIL_ARG,
    TAIL_CLASS,
    TAIL_DEFINED,
    TAIL_PARAM,
    TAIL_UNKNOWN,
    FileFacts,
)
from planner.hazards import Hazard
from planner.module_refs import ModuleRefs
from planner.name_tail_classes import absolute_module, subclasses
from planner.name_tails import DefinedIn, name_source
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python

__all__ = ["FILE_HAZARD", "HAZARD", "kept_by_name_tail", "name_tail_hazards"]

HAZARD = "module-name-tail"
FILE_HAZARD = "module-file-name"
_READS = "reads its name's last part as data"
_FILE_READS = "reads its file name as data"
#: Each kind of read: its ``bound_names`` prefixes (known, parameter, unknown), what it reads, its hazard.
_KINDS = (
    (NAME_TAIL, TAIL_PARAM, TAIL_UNKNOWN, _READS, HAZARD),
    (FILE_NAME, FILE_PARAM, FILE_UNKNOWN, _FILE_READS, FILE_HAZARD),
)


class _Unknown(NamedTuple):
    path: str
    line: int
    what: str
    reads: str = _READS
    hazard: str = HAZARD


class _Findings(NamedTuple):
    kept: dict[str, str]  #: module -> reason
    unknown: list[_Unknown]  #: each read nothing attributes


def kept_by_name_tail(
    root: Path, files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> dict[str, str]:
    """module -> reason for each module of ``modules`` whose name's last part the checkout reads as data."""
    return _find(root, files, facts, modules).kept


def name_tail_hazards(
    root: Path, files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> list[Hazard]:
    """A ``module-name-tail`` (``module-file-name``) hazard for each read of a name's tail (file name) whose module is
    not known."""
    files = list(files)
    by_path = {f.path: f for f in files}
    hazards: list[Hazard] = []
    for path, line, what, reads, kind in _find(root, files, facts, modules).unknown:
        file = by_path[path]
        imported = sorted(
            {
                module
                for imp in facts[path].imports
                for module in _imported(imp.resolve_base(file.package), imp.name)
                if module in modules
            }
        )
        reachable = imported or [file.name]
        shown = ", ".join(reachable[:8]) + (f" and {len(reachable) - 8} more" if len(reachable) > 8 else "")
        detail = (
            f"{path}:{line} {reads} ({what}), of a module not known here; it may be given {shown}: a renamed "
            f"module's {'file name' if kind == FILE_HAZARD else 'last part'} is its new name (keep such a module "
            "with an `exempt` glob)"
        )
        hazards += [Hazard(kind, module, path, line, detail) for module in reachable]
    return sorted(set(hazards), key=lambda h: (h.module, h.kind, h.path, h.line))


def _imported(base: str | None, name: str | None) -> list[str]:
    if base is None:
        return []
    return [f"{base}.{name}"] if name else [base]  # ``from pkg import google``: the module, not its package


#: The last :func:`_find`'s arguments and findings: the plan asks for the kept modules (planner/layers.py) then the
#: hazards (planner/build_plan.py) of the same scan, and each caller's file is parsed once per plan, not twice.
_LAST: list[tuple[tuple[object, ...], _Findings]] = []


def _find(
    root: Path, files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> _Findings:
    files = [f for f in files if f.path in facts]
    asked = (root, facts, tuple(files), tuple(modules))  # ``facts`` is held, so ``is`` tells the same scan
    if _LAST and _LAST[0][0][0] == root and _LAST[0][0][1] is facts and _LAST[0][0][2:] == asked[2:]:
        return _LAST[0][1]
    found = _read(root, files, facts, modules)
    _LAST[:] = [(asked, found)]
    return found


def _read(
    root: Path, files: list[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> _Findings:
    found = _Findings({}, [])
    callers = _Callers(root, files, facts)
    classes: dict[str, Any] = {}  # the checkout's classes, read once for every ``cls.__module__``
    for file in files:
        for key, line in facts[file.path].bound_names.items():
            if key.startswith(TAIL_DEFINED):
                defining, unsure = _defining(key[len(TAIL_DEFINED) :], file, facts, modules)
                if defining is not None:
                    found.kept.setdefault(defining, f"{FOUND_BY_NAME}{file.path}:{line}, which {_READS}")
                if unsure:
                    found.unknown.append(_Unknown(file.path, line, "a name a star import may give"))
                continue
            if key.startswith(TAIL_ARG):
                _handed(file, line, key[len(TAIL_ARG) :], callers, modules, found)
                continue
            if key.startswith((TAIL_CLASS, FILE_CLASS)):
                klass = key.partition(":")[2]
                reads, hazard = (_READS, HAZARD) if key.startswith(TAIL_CLASS) else (_FILE_READS, FILE_HAZARD)
                for sub, sub_line, name, resolved in subclasses(root, files, file, klass, classes):
                    if not resolved:
                        what = f"`{name}`, which may subclass `{klass}`"
                        found.unknown.append(_Unknown(sub.path, sub_line, what, reads, hazard))
                    elif sub.name in modules:
                        why = f"{file.path}:{line}, which {reads} (of a subclass of `{klass}`: `{name}`)"
                        found.kept.setdefault(sub.name, f"{FOUND_BY_NAME}{why}")
                continue
            for known, param, unknown, reads, hazard in _KINDS:
                if key.startswith(known):
                    module = _absolute(key[len(known) :], file)
                    if module not in modules and known == FILE_NAME and "." in module:
                        # ``inspect.getfile(Klass)`` after ``from pkg.mod import Klass``: the module defining it
                        module = _defining(key[len(known) :], file, facts, modules)[0] or module
                    if module in modules:
                        found.kept.setdefault(module, f"{FOUND_BY_NAME}{file.path}:{line}, which {reads}")
                elif key.startswith(unknown):
                    what = "the object's file" if known == FILE_NAME else "the object's name"
                    found.unknown.append(_Unknown(file.path, line, what, reads, hazard))
                elif key.startswith(param):
                    _given(file, line, key[len(param) :], (reads, hazard), callers, modules, found)
    return found


def _defining(
    ref: str, file: ModuleFile, facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> tuple[str | None, bool]:
    """The checkout's module that defines ``from MOD import NAME``'s ``NAME`` (``ref`` = ``MOD.NAME`` as written),
    each re-export followed (``pkg/__init__.py``: ``from pkg.impl import Klass``); and whether a star import may give
    it instead."""
    spelled, _, name = ref.rpartition(".")
    module = _absolute(spelled, file)
    for _ in range(8):
        owner = modules.get(module)
        if owner is None or owner.path not in facts:
            return None, False  # outside the checkout: not renamed
        imports = facts[owner.path].imports
        given = [i for i in imports if i.form in ("from", "from-as") and (i.alias or i.name) == name]
        if not given:
            stars = any(i.form == "from-star" for i in imports)
            return module, stars and name not in facts[owner.path].bound_names
        base = given[-1].resolve_base(owner.package)
        if base is None:
            return module, True
        module, name = base, given[-1].name or name
    return module, True


def _given(
    file: ModuleFile,
    line: int,
    key: str,
    kind: tuple[str, str],
    callers: _Callers,
    modules: Mapping[str, ModuleFile],
    found: _Findings,
) -> None:
    """The modules the calls of ``file``'s function give the parameter whose name (file name) it reads."""
    reads, hazard = kind
    function, index, parameter = key.split(":")
    calls = list(callers.calls(file, function))
    for caller, caller_refs, call in calls:
        given = _argument(call, int(index), parameter)
        refs = caller_refs.modules_of(given) if given is not None else None
        where = f"{file.path}:{line}, which {reads} (`{parameter}` of `{function}`, given it by"
        if not isinstance(refs, list):
            found.unknown.append(_Unknown(caller.path, call.lineno, f"`{parameter}` of `{function}`", reads, hazard))
            continue
        for ref in refs:
            module = _absolute(ref, caller)
            if module not in modules and reads == _FILE_READS and "." in module:
                # ``file_key(Csv)`` after ``from pkg.csvfmt import Csv``: the file of the module defining ``Csv``
                module = _defining(ref, caller, callers.facts, modules)[0] or module
            if module in modules:
                found.kept.setdefault(module, f"{FOUND_BY_NAME}{where} {caller.path}:{call.lineno})")
    if not calls and not callers.decorates(file, function):
        what = f"`{parameter}` of `{function}`, which no call gives"
        found.unknown.append(_Unknown(file.path, line, what, reads, hazard))
    for path, used in callers.passed(file, function):  # ``map(parser, [numpy])``: calls not read
        found.unknown.append(_Unknown(path, used, f"`{parameter}` of `{function}`, passed on uncalled", reads, hazard))


def _handed(
    file: ModuleFile, line: int, key: str, callers: _Callers, modules: Mapping[str, ModuleFile], found: _Findings
) -> None:
    """The modules whose names the calls of ``file``'s function hand the string parameter whose tail it reads:
    ``register(__name__, obj)`` the caller's own, ``register(tomlfmt.__name__, ...)`` ``tomlfmt``'s,
    ``register(Klass.__module__, ...)`` the module defining ``Klass``; a literal or another string keeps nothing."""
    function, index, parameter = key.split(":")
    calls = list(callers.calls(file, function))
    for caller, refs, call in calls:
        given = _argument(call, int(index), parameter)
        source = name_source(given, refs.values) if given is not None else None
        where = f"{file.path}:{line}, which {_READS} (`{parameter}` of `{function}`, given it by"
        named: list[str | None] = []
        if isinstance(source, str):
            named = [caller.name]
        elif isinstance(source, DefinedIn):
            defined = refs.defined_in(source.node)
            if refs.of_instance(source.node) or defined is None:  # ``cls.__module__``: any subclass's module
                found.unknown.append(_Unknown(caller.path, call.lineno, f"`{parameter}` of `{function}`"))
            named = [caller.name if r == "" else _defining(r, caller, callers.facts, modules)[0] for r in defined or ()]
        elif source is not None and not refs.of_instance(source):  # ``X.__name__``
            attributed = refs.modules_of(source)
            if isinstance(attributed, tuple):  # ``def add(m): register(m.__name__)``: the calls of ``add``
                _given(caller, call.lineno, ":".join(map(str, attributed)), (_READS, HAZARD), callers, modules, found)
            elif attributed is None:
                found.unknown.append(_Unknown(caller.path, call.lineno, f"`{parameter}` of `{function}`"))
            elif isinstance(attributed, list):
                named = [_absolute(ref, caller) for ref in attributed]
        for module in named:
            if module is not None and module in modules:
                found.kept.setdefault(module, f"{FOUND_BY_NAME}{where} {caller.path}:{call.lineno})")
    if not calls and not callers.decorates(file, function):
        found.unknown.append(_Unknown(file.path, line, f"`{parameter}` of `{function}`, which no call gives"))
    for path, used in callers.passed(file, function):
        found.unknown.append(_Unknown(path, used, f"`{parameter}` of `{function}`, passed on uncalled"))


def _absolute(ref: str, file: ModuleFile) -> str:
    """An import's path as written, relative to ``file``'s package where it starts with dots ("": the file's own)."""
    return absolute_module(ref, file) if ref else file.name


class _Callers:
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


def _argument(call: ast.Call, index: int, parameter: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return None
