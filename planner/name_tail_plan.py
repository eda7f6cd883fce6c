"""Which modules keep their names because the code reads their name's last part (planner/name_tails.py).

A read attributed in its own file names the module (``from pkg import google`` then ``google.__name__.split(".")
[-1]``, or ``__name__`` itself). A read of a module-level function's parameter is attributed by the calls of that
function: its own file's and those of the files that import it (``from tests.helpers import parser`` then
``parser(google)``), read here, only for such functions. Each module named keeps its name, listed under the plan's
``kept`` with the line that reads the tail (and the call that gives the module); a read nothing attributes is a
``module-name-tail`` hazard naming the checkout's modules its file imports, the objects it may be given.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import NAME_TAIL, TAIL_PARAM, TAIL_UNKNOWN, FileFacts
from planner.hazards import Hazard
from planner.name_tails import ModuleRefs
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python

__all__ = ["HAZARD", "kept_by_name_tail", "name_tail_hazards"]

HAZARD = "module-name-tail"
_READS = "reads its name's last part as data"


class _Findings(NamedTuple):
    kept: dict[str, str]  #: module -> reason
    unknown: list[tuple[str, int, str]]  #: (path, line, what) of each read nothing attributes


def kept_by_name_tail(
    root: Path, files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> dict[str, str]:
    """module -> reason for each module of ``modules`` whose name's last part the checkout reads as data."""
    return _find(root, files, facts, modules).kept


def name_tail_hazards(
    root: Path, files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> list[Hazard]:
    """A ``module-name-tail`` hazard for each read of a name's tail whose module is not known."""
    files = list(files)
    by_path = {f.path: f for f in files}
    hazards: list[Hazard] = []
    for path, line, what in _find(root, files, facts, modules).unknown:
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
            f"{path}:{line} {_READS} ({what}), of a module not known here; it may be given {shown}: a renamed "
            "module's last part is its new name (keep such a module with an `exempt` glob)"
        )
        hazards += [Hazard(HAZARD, module, path, line, detail) for module in reachable]
    return sorted(set(hazards), key=lambda h: (h.module, h.kind, h.path, h.line))


def _imported(base: str | None, name: str | None) -> list[str]:
    if base is None:
        return []
    return [f"{base}.{name}"] if name else [base]  # ``from pkg import google``: the module, not its package


def _find(
    root: Path, files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], modules: Mapping[str, ModuleFile]
) -> _Findings:
    found = _Findings({}, [])
    files = [f for f in files if f.path in facts]
    by_name = {f.name: f for f in files}
    for file in files:
        for key, line in facts[file.path].bound_names.items():
            if key.startswith(NAME_TAIL):
                module = _absolute(key[len(NAME_TAIL) :], file)
                if module in modules:
                    found.kept.setdefault(module, f"{FOUND_BY_NAME}{file.path}:{line}, which {_READS}")
            elif key.startswith(TAIL_UNKNOWN):
                found.unknown.append((file.path, line, "the object's name"))
            elif key.startswith(TAIL_PARAM):
                function, index, parameter = key[len(TAIL_PARAM) :].split(":")
                calls = list(_calls(root, files, facts, by_name, file, function))
                for caller, call in calls:
                    given = _argument(call, int(index), parameter)
                    refs = caller[1].modules_of(given) if given is not None else None
                    where = f"{file.path}:{line}, which {_READS} (`{parameter}` of `{function}`, given it by"
                    if not isinstance(refs, list):
                        found.unknown.append((caller[0].path, call.lineno, f"`{parameter}` of `{function}`"))
                        continue
                    for ref in refs:
                        module = _absolute(ref, caller[0])
                        if module in modules:
                            found.kept.setdefault(module, f"{FOUND_BY_NAME}{where} {caller[0].path}:{call.lineno})")
                if not calls:
                    found.unknown.append((file.path, line, f"`{parameter}` of `{function}`, which no call gives"))
    return found


def _absolute(ref: str, file: ModuleFile) -> str:
    """An import's path as written, relative to ``file``'s package where it starts with dots."""
    if not ref:
        return file.name
    level = len(ref) - len(ref.lstrip("."))
    if not level:
        return ref
    parts = file.package.split(".") if file.package else []
    if level - 1 > len(parts):
        return ""
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, ref[level:]])


def _calls(
    root: Path,
    files: list[ModuleFile],
    facts: Mapping[str, FileFacts],
    by_name: Mapping[str, ModuleFile],
    owner: ModuleFile,
    function: str,
) -> Iterator[tuple[tuple[ModuleFile, ModuleRefs], ast.Call]]:
    """Each call of ``owner``'s ``function``: in its own file, and in the files that import it."""
    for file in files:
        spellings = {function} if file is owner else set()
        for imp in facts[file.path].imports:
            base = imp.resolve_base(file.package)
            if imp.form in ("from", "from-as") and imp.name == function and by_name.get(base or "") is owner:
                spellings.add(imp.alias or function)
            elif imp.form in ("import", "import-as") and imp.module == owner.name:
                spellings.add(f"{imp.alias or owner.name}.{function}")
        if not spellings:
            continue
        try:
            with open(os.path.join(root, file.path), "rb") as handle:
                tree = parse_python(handle.read(), file.path)
            with deep_walk():
                nodes = list(ast.walk(tree))
        except (OSError, Unparsable):
            continue
        refs: ModuleRefs | None = None
        for node in nodes:
            if isinstance(node, ast.Call) and dotted_name(node.func) in spellings:
                refs = refs or ModuleRefs(tree)
                yield (file, refs), node


def _argument(call: ast.Call, index: int, parameter: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return None
