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

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import (
    FILE_CLASS,
    FILE_NAME,
    FILE_PARAM,
    FILE_UNKNOWN,
    LOG_MODULE,
    NAME_DATA,
    NAME_LOGGER,
    NAME_ORDER,
    NAME_PATH,
    NAME_SALT,
    NAME_TAIL,
    TAIL_ARG,
    TAIL_CALLER,
    TAIL_CLASS,
    TAIL_DEFINED,
    TAIL_DEFPARAM,
    TAIL_PARAM,
    TAIL_UNKNOWN,
    FileFacts,
)
from planner.hazards import Hazard
from planner.logger_names import configured
from planner.name_tail_callers import Callers, argument
from planner.name_tail_classes import absolute_module, subclasses
from planner.name_tails import DefinedIn, name_source

__all__ = ["DATA_HAZARD", "FILE_HAZARD", "HAZARD", "kept_by_name_tail", "name_tail_hazards"]

HAZARD = "module-name-tail"
FILE_HAZARD = "module-file-name"
_READS = "reads its name's last part as data"
_FILE_READS = "reads its file name as data"
#: Each kind of read: its ``bound_names`` prefixes (known, parameter, unknown), what it reads, its hazard.
_KINDS = (
    (NAME_TAIL, TAIL_PARAM, TAIL_UNKNOWN, _READS, HAZARD),
    (FILE_NAME, FILE_PARAM, FILE_UNKNOWN, _FILE_READS, FILE_HAZARD),
)


DATA_HAZARD = "module-name-data"
_LOGS = "reads a log record's module, the file name of the module that logged"
#: planner/name_uses.py's keys: a name put into a file's name (kept), edited and kept, sorted by (hazards).
_USES = {
    NAME_PATH: "puts its name into a file's name",
    NAME_SALT: "salts signatures with its whole name (`salt=__name__`), which values signed before a rename hold",
    NAME_DATA: "keeps its whole name edited as data (`__name__.replace(...)`)",
    NAME_ORDER: "sorts modules by their names, which a rename reorders",
}


class _Unknown(NamedTuple):
    path: str
    line: int
    what: str
    reads: str = _READS
    hazard: str = HAZARD
    modules: tuple[str, ...] = ()  #: the modules whose names it reads, where known


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
    for path, line, what, reads, kind, named in _find(root, files, facts, modules).unknown:
        file = by_path[path]
        if named:  # planner/name_uses.py: the module is known, what its name is used for is not
            detail = f"{path}:{line} {reads}: renamed, {named[0]}'s name is new there (keep it with an `exempt` glob)"
            hazards.append(Hazard(kind, named[0], path, line, detail))
            continue
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
    callers = Callers(root, files, facts)
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
            if key.startswith((TAIL_CALLER, TAIL_DEFPARAM)):
                _decorated(file, line, key, callers, modules, found)
                continue
            if key == NAME_LOGGER:
                where = configured(root, file.name.rpartition(".")[2], file.path)
                if where is not None and file.name in modules:
                    why = f"gives its name's last part to a logger, which {where} configures by that name"
                    found.kept.setdefault(file.name, f"{FOUND_BY_NAME}{file.path}:{line}, which {why}")
                continue
            if key.startswith(LOG_MODULE):
                found.unknown.append(_Unknown(file.path, line, "a log record's module", _LOGS, FILE_HAZARD))
                continue
            if key.startswith((NAME_PATH, NAME_DATA, NAME_ORDER, NAME_SALT)):
                kind, _, ref = key.partition(":")
                module, uses = _absolute(ref, file), _USES[f"{kind}:"]
                if module in modules and kind in (NAME_PATH[:-1], NAME_SALT[:-1]):
                    found.kept.setdefault(module, f"{FOUND_BY_NAME}{file.path}:{line}, which {uses}")
                elif module in modules:
                    found.unknown.append(_Unknown(file.path, line, "", uses, DATA_HAZARD, (module,)))
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
    callers: Callers,
    modules: Mapping[str, ModuleFile],
    found: _Findings,
) -> None:
    """The modules the calls of ``file``'s function give the parameter whose name (file name) it reads."""
    reads, hazard = kind
    function, index, parameter = key.split(":")
    calls = list(callers.calls(file, function))
    for caller, caller_refs, call in calls:
        given = argument(call, int(index), parameter)
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
    if reads == _FILE_READS:  # ``@fileplugin`` reading ``inspect.getfile(fn)``: the decorated function's module
        for user in callers.decorating_files(file, function):
            why = f"{file.path}:{line}, which {reads} (`{parameter}` of `{function}`, decorating in {user.path})"
            found.kept.setdefault(user.name, f"{FOUND_BY_NAME}{why}")
    if not calls and not callers.decorates(file, function):
        what = f"`{parameter}` of `{function}`, which no call gives"
        found.unknown.append(_Unknown(file.path, line, what, reads, hazard))
    for path, used in callers.passed(file, function):  # ``map(parser, [numpy])``: calls not read
        found.unknown.append(_Unknown(path, used, f"`{parameter}` of `{function}`, passed on uncalled", reads, hazard))


def _handed(
    file: ModuleFile, line: int, key: str, callers: Callers, modules: Mapping[str, ModuleFile], found: _Findings
) -> None:
    """The modules whose names the calls of ``file``'s function hand the string parameter whose tail it reads:
    ``register(__name__, obj)`` the caller's own, ``register(tomlfmt.__name__, ...)`` ``tomlfmt``'s,
    ``register(Klass.__module__, ...)`` the module defining ``Klass``; a literal or another string keeps nothing."""
    function, index, parameter = key.split(":")
    method = "." in function  # ``Registry.register``: the calls on an object the class's module makes, or on it
    calls, unknown = callers.method_calls(file, function, int(index), parameter) if method else ([], [])
    calls = calls if method else list(callers.calls(file, function))
    for caller, call in unknown:  # ``self._reg.register(__name__, self)``: which object is not known here
        what = f"`{parameter}` of `{function}`, on an object not known here"
        found.unknown.append(_Unknown(caller.path, call.lineno, what))
    for caller, refs, call in calls:
        given = argument(call, int(index), parameter)
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
    if method:
        return  # a method's other calls (``self.register(x)``) give any string: only a module's name is followed
    if not calls and not callers.decorates(file, function):
        found.unknown.append(_Unknown(file.path, line, f"`{parameter}` of `{function}`, which no call gives"))
    for path, used in callers.passed(file, function):
        found.unknown.append(_Unknown(path, used, f"`{parameter}` of `{function}`, passed on uncalled"))


def _decorated(
    file: ModuleFile, line: int, key: str, callers: Callers, modules: Mapping[str, ModuleFile], found: _Findings
) -> None:
    """``sys._getframe(1).f_globals["__name__"]`` in ``file``'s function (:data:`TAIL_CALLER`): each module calling
    it; ``fn.__module__`` (``inspect.getmodule(fn)``) of its parameter (:data:`TAIL_DEFPARAM`): the module defining
    what each call gives it. Either way, each module it decorates (``@plugin``)."""
    caller = key.startswith(TAIL_CALLER)
    function, _, rest = key.partition(":")[2].partition(":")
    index, _, parameter = rest.partition(":")
    named: list[tuple[str | None, str]] = []
    for user, refs, call in callers.calls(file, function):
        given = None if caller else argument(call, int(index), parameter)
        defined = [""] if caller else refs.defined_in(given) if given is not None else None
        if defined is None:
            found.unknown.append(_Unknown(user.path, call.lineno, f"`{parameter}` of `{function}`"))
        for ref in defined or ():
            module = user.name if ref == "" else _defining(ref, user, callers.facts, modules)[0]
            named.append((module, f"{user.path}:{call.lineno}"))
    named += [(user.name, f"decorating in {user.path}") for user in callers.decorating_files(file, function)]
    what = "its caller's name" if caller else f"the module of `{parameter}` of `{function}`"
    for module, where in named:
        if module is not None and module in modules:
            why = f"{file.path}:{line}, which {_READS} ({what}: {where})"
            found.kept.setdefault(module, f"{FOUND_BY_NAME}{why}")
    if not named:
        found.unknown.append(_Unknown(file.path, line, f"{what}, which no call gives"))
    for path, used in callers.passed(file, function):
        found.unknown.append(_Unknown(path, used, f"`{function}`, passed on uncalled"))


def _absolute(ref: str, file: ModuleFile) -> str:
    """An import's path as written, relative to ``file``'s package where it starts with dots ("": the file's own)."""
    return absolute_module(ref, file) if ref else file.name
