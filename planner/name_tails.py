"""A module's own name used as data at run time: the part after its last dot (issue 13, griffe 2.4.1).

griffe's docstring tests find each parser's function by its module's name, ``func_name =
f"parse_{parser_module.__name__.split('.')[-1]}"`` and ``getattr(parser_module, func_name)``, with
``parser(google)`` given ``from griffe._internal.docstrings import google`` in another file. Renamed, the tail is
``WF1_V7_L2_1of3_google``, ``parse_WF1_V7_L2_1of3_google`` does not exist, and 250 tests failed: no rewrite of
a string can follow a name the code takes apart, and a shim keeps ``__name__`` new. Such a module keeps its
name (planner/name_tail_plan.py lists it under the plan's ``kept`` with the line that reads the tail).

A tail is read by ``S.split(".")[-1]`` (an index past the first part, a slice to the end), ``S.rsplit(".",
1)[1]``, ``S.rpartition(".")[2]``, ``S.partition(".")[2]``, ``*_, tail = S.split(".")``, ``S.endswith(...)``,
``S.removeprefix(...)`` or ``S.replace("pkg.", "")``, where ``S`` is ``__name__`` (the file's own module; ``__spec__.name``), ``X.__name__``,
``getattr(X, "__name__")``, ``str()`` of one, ``X.__module__`` (the module that defines ``X``) or a name assigned one of these; and by
a slice of ``S`` that takes letters of its last part (``S[len("pkg.") :]``, ``S[4:]``, ``S[-3:]``, ``S[-1]``). The head (``S.rpartition(".")[0]``, ``split(".")[0]``,
a package's name) and the whole name (``logging.getLogger(__name__)``, a registry keyed by the full name, which
constants name and Guardian rewrites) survive a rename; a tail given to a logger is a logger's name, and keeps
nothing. ``X`` is attributed where this file says what it is: an imported name (``from pkg import google``), a
loop over a literal list, tuple, set or dict of them or a name assigned one (``for m in [google, numpy]``), a
test's ``parametrize`` list, a fixture's ``params`` (``request.param``), else a parameter of a module-level
function, whose callers name the modules (planner/name_tail_plan.py reads them). What cannot be attributed is a
hazard. A module-level function's parameter that it takes apart at its dots (``def register(modname, obj):
REGISTRY[modname.rsplit(".", 1)[-1]] = obj``) is a read too: its calls handing it a module's name
(``register(__name__, obj)``) keep that module.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import NamedTuple

from planner.facts import (
    FILE_CLASS,
    FILE_NAME,
    FILE_PARAM,
    FILE_UNKNOWN,
    NAME_LOGGER,
    NAME_TAIL,
    TAIL_ARG,
    TAIL_CALLER,
    TAIL_CLASS,
    TAIL_DEFINED,
    TAIL_DEFPARAM,
    TAIL_PARAM,
    TAIL_UNKNOWN,
)
from planner.file_name_reads import (
    file_owner,
    file_read,
    integer,
    needs_values,
    past_head,
    path_split,
    reads_files,
)
from planner.module_refs import ModuleRefs
from planner.name_uses import name_uses
from planner.python_source import assigned_values, dotted_name

__all__ = ["name_tails"]

#: Words a file that reads a name's tail must hold besides ``__name__`` (the screen before the walk).
_SCREEN = (
    b"split",
    b"partition",
    b"endswith",
    b"removeprefix",
    b"replace",
    b"name__[",
    b"name[",
    b":]",
    b":-",
    b"[-",
    b"sub(",
)
#: A string parameter taken apart at its dots (``modname.rsplit(".", 1)[-1]``, ``name[len("pkg.") :]``): a file
#: with no ``__name__`` may hold the function a module hands its name to.
_BY_DOTS = re.compile(
    rb"""(?:split|partition)\(\s*["']\.["']|\[\s*len\(\s*["']|(?:replace|removeprefix)\(\s*["'][\w.]*\.["']"""
)
#: Words one of which a file that reads a module's name holds: ``__name__``, ``X.__module__``, ``__spec__.name``,
#: ``__loader__.name``, a frame's ``f_globals["__name__"]``.
_NAME_WORDS = (b"__name__", b"__module__", b"__spec__", b"__loader__")
#: Methods whose result is where the name's head ends: ``__name__[: __name__.rindex(".")]`` is the package.
_HEAD_ENDS = ("rindex", "rfind", "index", "find")
_SPLITS = ("split", "rsplit", "rpartition", "partition")
_TAIL_CALLS = ("endswith", "removeprefix")
_TAIL_KEYS = (NAME_TAIL, TAIL_PARAM, TAIL_UNKNOWN)
_FILE_KEYS = (FILE_NAME, FILE_PARAM, FILE_UNKNOWN)


def name_tails(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """The ``bound_names`` keys of each tail read in ``tree`` -> its line: :data:`NAME_TAIL` ``REF`` (``REF`` an
    imported module's path as written, leading dots relative; ``""`` the file's own module), :data:`TAIL_PARAM`
    ``FUNC:INDEX:PARAMETER`` (a module-level function's parameter), :data:`TAIL_UNKNOWN` ``LINE``; and the same
    with :data:`FILE_NAME`, :data:`FILE_PARAM`, :data:`FILE_UNKNOWN` for each read of a module's file name
    (planner/file_name_reads.py)."""
    names = any(word in raw for word in _NAME_WORDS)
    tails = names and any(word in raw for word in _SCREEN) or _BY_DOTS.search(raw) is not None
    files = reads_files(raw)
    if not tails and not files:
        return name_uses(tree, raw, lambda: ModuleRefs(tree), set())  # the whole name as data: a file's name...
    reads: list[tuple[ast.AST, ast.expr, tuple[str, str, str]]] = []
    held: list[ast.Subscript] = []  # ``parts[-1]``: of a name bound to ``S.split(".")``?
    for node in ast.walk(tree):
        if (tails or files) and isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            held.append(node)
        elif tails and (source := _tail_of(node)) is not None:
            reads.append((node, source, _TAIL_KEYS))
        if files and (source := file_read(node)) is not None:
            reads.append((node, source, _FILE_KEYS))
    values: Mapping[str, list[ast.expr]] | None = None
    if held:  # ``parts = __name__.split(".")`` then ``parts[-1]`` on a later line: the same read
        values = assigned_values(tree, "file")
        for node in held:
            bound = values.get(node.value.id, [])  # type: ignore[attr-defined]
            call = bound[0] if len(bound) == 1 and isinstance(bound[0], ast.Call) else None
            split, parts = (_split(call), path_split(call)) if call is not None else (None, None)
            if split is not None and tails:
                if past_head(node.slice, split[1]):
                    reads.append((node, split[0], _TAIL_KEYS))
            elif parts is not None and files:  # ``parts = __file__.split(os.sep)`` then ``parts[-1][:-3]``
                if past_head(node.slice, parts[1]):
                    reads.append((node, parts[0], _FILE_KEYS))
            elif tails and (source := _tail_of(node)) is not None:  # ``name[-3:]``, ``name`` assigned ``__name__``
                reads.append((node, source, _TAIL_KEYS))
    refs: ModuleRefs | None = None  # built for the first read of a name: most files that pass the screen have none
    found: dict[str, int] = {}
    listed: dict[tuple[str, int], list[str]] = {}  # held, so that an id is not reused
    for node, source, (known, param, unknown) in reads:
        if known == FILE_NAME:
            if values is None and needs_values(source):
                values = assigned_values(tree, "file")
            owner: ast.expr | str | DefinedIn | None = file_owner(source, values or {})
        else:
            if values is None and isinstance(source, ast.Name) and source.id != "__name__":
                values = assigned_values(tree, "file")
            owner = name_source(source, values or {})
        if owner is None and not (known == NAME_TAIL and isinstance(source, ast.Name) and _by_dots(node)):
            continue  # not a name's ``__name__`` (a module's file): another string
        refs = refs or ModuleRefs(tree, values)
        if refs.in_logger(node):
            if owner == "own":  # ``getLogger(__name__.split(".")[-1])``: a configuration may name the logger so
                found.setdefault(NAME_LOGGER, node.lineno)  # type: ignore[attr-defined]
            continue
        if owner is None:  # ``def register(modname, obj): REGISTRY[modname.rsplit(".", 1)[-1]] = obj``
            handed = refs.modules_of(source)
            if handed is None and isinstance(source, ast.Name):  # ``def register(self, name, obj)`` of a class
                handed = refs.method_parameter(source)
            if isinstance(handed, tuple):
                found.setdefault(f"{TAIL_ARG}{handed[0]}:{handed[1]}:{handed[2]}", node.lineno)  # type: ignore[attr-defined]
            continue
        line = node.lineno  # type: ignore[attr-defined]
        if known == FILE_NAME and isinstance(owner, ast.Name) and owner.id in refs.defined:
            owner = "own"  # ``inspect.getfile(Klass)`` of a class this file defines
        if owner == "caller":  # ``sys._getframe(1).f_globals["__name__"]``: the module calling the function
            function = refs.enclosing_function(node)
            found.setdefault(f"{TAIL_CALLER}{function}" if function else f"{unknown}{line}", line)
            continue
        if isinstance(owner, str):  # ``__name__`` itself
            found.setdefault(known, line)
            continue
        of_class = owner.node if isinstance(owner, DefinedIn) else owner if known == FILE_NAME else None
        if of_class is not None and refs.of_instance(of_class):
            # ``cls``/``self`` in a class's methods (``cls.__module__``, ``inspect.getfile(cls)``): the class or any
            # subclass, wherever it is defined
            klass = refs.enclosing_class(node)
            by_class, unsure = (TAIL_CLASS, TAIL_UNKNOWN) if known == NAME_TAIL else (FILE_CLASS, FILE_UNKNOWN)
            found.setdefault(known, line)
            found.setdefault(f"{by_class}{klass}" if klass else f"{unsure}{line}", line)
            continue
        if isinstance(owner, DefinedIn):
            defined = refs.defined_in(owner.node)
            if defined == [""]:
                found.setdefault(NAME_TAIL, line)
            elif defined is not None:  # ``from pkg import Klass``: pkg or the module it takes Klass from
                found.update((f"{TAIL_DEFINED}{ref}", line) for ref in defined if f"{TAIL_DEFINED}{ref}" not in found)
            elif isinstance(given := refs.modules_of(owner.node), tuple):  # a decorator's ``fn.__module__``
                found.setdefault(f"{TAIL_DEFPARAM}{given[0]}:{given[1]}:{given[2]}", line)
            else:  # ``type(obj)``, ``obj.__class__``: any class
                found.setdefault(f"{TAIL_UNKNOWN}{line}", line)
            continue
        if known == NAME_TAIL and refs.of_instance(owner):
            continue  # ``cls.__name__[4:]``, ``type(self).__name__``: a class's name, no module's
        attributed = refs.modules_of(owner)
        if isinstance(attributed, list):
            if (known, id(attributed)) not in listed:  # a loop's list, the same for each read in its body: once
                listed[(known, id(attributed))] = attributed
                found.update((f"{known}{ref}", line) for ref in attributed if f"{known}{ref}" not in found)
        elif isinstance(attributed, tuple):
            found.setdefault(f"{param}{attributed[0]}:{attributed[1]}:{attributed[2]}", line)
        elif isinstance(owner, ast.Name) or dotted_name(owner) == "request.param":
            found.setdefault(f"{unknown}{line}", line)
    read = {id(n) for node, _, _ in reads for n in ast.walk(node)}  # what the uses' rule does not judge again
    uses = name_uses(tree, raw, lambda: refs or ModuleRefs(tree, values), read)
    return {**uses, **found}


def _tail_of(node: ast.AST) -> ast.expr | None:
    """The string whose part after the last dot ``node`` reads, if it reads one."""
    if isinstance(node, ast.Subscript):
        split = _split(node.value) if isinstance(node.value, ast.Call) else None
        if split is not None:
            return split[0] if past_head(node.slice, split[1]) else None
        extension = _extension(node.value, node.slice)
        if extension is not None:
            return extension
        return node.value if _reaches_tail(node.slice) else None  # ``__name__[len("pkg.") :]``, ``__name__[-3:]``
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple):
        split = _split(node.value) if isinstance(node.value, ast.Call) else None
        last = node.targets[0].elts[-1] if node.targets[0].elts else None
        if split is not None and isinstance(last, ast.Name) and last.id != "_":
            return split[0]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TAIL_CALLS:
        return node.func.value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _prefix_removed(node):
        return node.func.value  # ``__name__.replace("pkg.plugins.", "")``: the rest keeps the tail
    elif isinstance(node, ast.Call):
        return _head_removed(node)
    return None


def _prefix_removed(node: ast.AST) -> bool:
    """Is ``node`` ``S.replace(P, "")`` or ``S.removeprefix(P)``, ``P`` a literal ending with a dot (a package's
    path): the rest of ``S`` is its last parts?"""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args and not node.keywords):
        return False
    prefix, empty = node.args[0], node.args[1:]
    if node.func.attr == "replace":
        if not (len(empty) == 1 and isinstance(empty[0], ast.Constant) and empty[0].value == ""):
            return False
    elif node.func.attr != "removeprefix" or empty:
        return False
    return isinstance(prefix, ast.Constant) and isinstance(prefix.value, str) and prefix.value.endswith(".")


def _by_dots(node: ast.AST) -> bool:
    """Does ``node``, a tail read, take a string apart at its dots (``S.split(".")[-1]``, ``*_, tail =
    S.rpartition(".")``, ``S[len("pkg.plugins.") :]``)? Not an index or a slice by numbers (``argv[1:]``), nor
    ``endswith``: those read any string or list, not only a dotted name."""
    if isinstance(node, ast.Assign) or _prefix_removed(node):
        return True
    if not isinstance(node, ast.Subscript):
        return False
    if isinstance(node.value, ast.Call):
        return _split(node.value) is not None  # a split at ``"."``; not ``os.path.splitext(path)[1]``, any path
    lower = node.slice.lower if isinstance(node.slice, ast.Slice) else None
    if not (isinstance(lower, ast.Call) and dotted_name(lower.func) == "len" and len(lower.args) == 1):
        return False
    prefix = lower.args[0]
    return isinstance(prefix, ast.Constant) and isinstance(prefix.value, str) and prefix.value.endswith(".")


def _reaches_tail(index: ast.expr) -> bool:
    """Does a subscript of a name take letters of its last part? A slice does (``[4:]``, ``[-3:]``, ``[2:-1]``)
    unless it takes the whole name (``[:]``) or stops where the head ends (``[: name.rindex(".")]``); an index does
    when it counts from the end (``[-1]``)."""
    if not isinstance(index, ast.Slice):
        value = integer(index)
        return value is not None and value < 0
    if index.step is not None:
        return True
    if index.lower is None and index.upper is None:
        return False
    upper = index.upper
    ends_head = isinstance(upper, ast.Call) and isinstance(upper.func, ast.Attribute) and upper.func.attr in _HEAD_ENDS
    return not (ends_head and (index.lower is None or integer(index.lower) == 0))


def _split(call: ast.Call) -> tuple[ast.expr, str] | None:
    """``(S, method)`` for ``S.split(".")`` and its kin, and for ``str.split(S, ".")``."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _SPLITS and call.args:
        value, sep = func.value, call.args[0]
        if isinstance(value, ast.Name) and value.id == "str" and len(call.args) > 1:
            value, sep = call.args[0], call.args[1]  # ``str.split(__name__, ".")``
        if isinstance(sep, ast.Constant) and sep.value == ".":
            return value, func.attr
    return None


def _head_removed(call: ast.Call) -> ast.expr | None:
    """``S`` of ``re.sub(r"^.*\\.", "", S)``: a pattern ending with a dot, replaced by nothing, leaves the tail."""
    if dotted_name(call.func).rpartition(".")[2] != "sub" or len(call.args) < 3:
        return None
    pattern, empty = call.args[0], call.args[1]
    ends = isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and pattern.value.endswith("\\.")
    return call.args[2] if ends and isinstance(empty, ast.Constant) and empty.value == "" else None


def _extension(node: ast.expr, index: ast.expr) -> ast.expr | None:
    """``S`` of ``os.path.splitext(S)[1]``: of a dotted name, the ``.`` and its last part."""
    if isinstance(node, ast.Call) and dotted_name(node.func).rpartition(".")[2] == "splitext" and node.args:
        return node.args[0] if integer(index) in (1, -1) else None
    return None


def _frame_name(node: ast.expr) -> str | None:
    """``"caller"`` for a frame's ``f_globals["__name__"]`` (``sys._getframe(1)``, ``currentframe().f_back``: the
    module that called the function), ``"own"`` for this module's frame (``sys._getframe()``), None for another
    expression."""
    if isinstance(node, ast.Subscript):
        holder, key = node.value, node.slice
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        holder, key = node.func.value, node.args[0]
    else:
        return None
    if not (isinstance(key, ast.Constant) and key.value == "__name__"):
        return None
    if not (isinstance(holder, ast.Attribute) and holder.attr == "f_globals"):
        return None
    frame = holder.value
    if isinstance(frame, ast.Call) and dotted_name(frame.func).rpartition(".")[2] in ("_getframe", "currentframe"):
        return "own" if not frame.args or integer(frame.args[0]) == 0 else "caller"
    return "caller"  # ``f_back``, a frame from ``inspect.stack()``: a caller's


class DefinedIn(NamedTuple):
    """``X.__module__``: the name of the module that defines ``X``."""

    node: ast.expr


def name_source(
    node: ast.expr, values: Mapping[str, list[ast.expr]], depth: int = 0
) -> ast.expr | str | DefinedIn | None:
    """``"own"`` for ``__name__`` (and a class body's ``__module__``), ``X`` for ``X.__name__`` (or a name assigned
    it), :class:`DefinedIn` for ``X.__module__``, None for another string."""
    if isinstance(node, ast.Name) and node.id in ("__name__", "__module__"):
        return "own"
    if isinstance(node, ast.Attribute) and node.attr == "name" and dotted_name(node.value).endswith("__spec__"):
        spec = node.value  # ``__spec__.name``: the module's name, ``X.__spec__.name``: ``X``'s
        return spec.value if isinstance(spec, ast.Attribute) else "own"
    if isinstance(node, ast.Attribute) and node.attr == "name" and dotted_name(node.value).endswith("__loader__"):
        loader = node.value  # ``__loader__.name``: the module's name
        return loader.value if isinstance(loader, ast.Attribute) else "own"
    frame = _frame_name(node)
    if frame is not None:
        return frame
    if isinstance(node, ast.Attribute) and node.attr == "__name__" and isinstance(node.value, ast.Call):
        func, args = node.value.func, node.value.args
        if dotted_name(func).rpartition(".")[2] == "getmodule" and args:
            return DefinedIn(args[0])  # ``inspect.getmodule(obj).__name__``: the module that defines ``obj``
    if isinstance(node, ast.Attribute) and node.attr == "__name__":
        return node.value
    if isinstance(node, ast.Attribute) and node.attr == "__module__":
        return DefinedIn(node.value)
    if isinstance(node, ast.Call) and dotted_name(node.func) == "str" and len(node.args) == 1 and depth < 4:
        return name_source(node.args[0], values, depth + 1)  # ``str(__name__)[4:]``: the same string
    if isinstance(node, ast.Call) and dotted_name(node.func) == "getattr" and len(node.args) >= 2:
        name = node.args[1]
        if isinstance(name, ast.Constant) and name.value == "__name__":
            return node.args[0]
    if isinstance(node, ast.Name) and depth < 4:
        assigned = values.get(node.id, [])
        if len(assigned) == 1:
            return name_source(assigned[0], values, depth + 1)
    return None
