"""A helper that imports its parameter followed by a literal tail, handed a package's own name (issue 13, class 1).

``def load(base): return import_module(base + ".plugins")`` (also ``f"{base}.plugins"``, ``"%s.plugins" % base``)
in ``pkg/loading.py``, called as ``load(__name__)`` by ``pkg/__init__.py`` and ``pkg/sub/__init__.py``: nothing of
the name is known in the helper (an ``unknown-dynamic-import`` hazard), and ``pkg.plugins`` and ``pkg.sub.plugins``
were neither listed nor kept; after the rename ``load(__name__)`` raised ``ModuleNotFoundError``. The finder
(planner/file_finder.py) notes each such parameter of a module-level function (:func:`head_parameter`); the plan
reads the calls of that function (planner/name_tail_callers.py: its own file's and those of the files importing it)
and each call that hands it ``__name__``, ``__package__``, ``__spec__.parent`` or a string literal reaches the module
that name plus the tail names: a ``computed-import`` reference on the call's line, kept alive by a shim at the old
path. The tail is not rewritten: it is one literal for every caller, whose modules are renamed apart, and callers
outside the checkout hand it their own names.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from planner.computed_names import known_text
from planner.discover import ModuleFile
from planner.facts import FileFacts
from planner.name_tail_callers import Callers, argument
from planner.python_source import dotted_name
from planner.references import Reference

__all__ = ["HEAD_PARAM", "handed_heads", "head_parameter"]

#: Starts an entry of a file's findings' ``classes``: ``head-param:FUNCTION:`` and the name's parts as JSON, each a
#: literal text ``"..."`` or a parameter ``[index, name]``
HEAD_PARAM = "head-param:"
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def head_parameter(
    call: ast.Call, parts: list[ast.AST], parents: Mapping[int, ast.AST], file_name: str, package: str
) -> str | None:
    """The entry for ``import_module(<parts>)`` in a module-level function where each unknown part is a parameter the
    function does not assign and the known text is a dotted tail (``base + ".plugins"``, ``f"{base}.{tail}"``);
    else None."""
    function = parents.get(id(call))
    while function is not None and not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        function = parents.get(id(function))
    if function is None or not isinstance(parents.get(id(function)), ast.Module):
        return None
    arguments = function.args
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    keywords = {a.arg for a in arguments.kwonlyargs}
    assigned = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    pieces: list[str | list[object]] = []
    for part in parts:
        text = known_text([part], file_name, package)
        if text is not None:
            pieces += [text] if text else []
        elif isinstance(part, ast.Name) and part.id not in assigned and part.id in (*positional, *keywords):
            index = positional.index(part.id) if part.id in positional else 1 << 20  # keyword only
            pieces.append([index, part.id])
        else:
            return None
    if (
        not pieces
        or not isinstance(pieces[0], list)
        or not any(isinstance(p, str) and p.startswith(".") for p in pieces)
    ):
        return None  # the name starts with what the call gives, and puts a tail after it
    return f"{HEAD_PARAM}{function.name}:{json.dumps(pieces, separators=(',', ':'))}"


def _given(given: ast.expr | None, caller: ModuleFile) -> str | None:
    """The text a call hands: the caller's own name, its package, or a string literal."""
    if isinstance(given, ast.Constant) and isinstance(given.value, str):
        return given.value
    spelled = dotted_name(given) if given is not None else ""
    if spelled == "__name__":
        return caller.name
    if spelled in ("__package__", "__spec__.parent"):
        return caller.package
    return None


def _built(pieces: list[str | list[object]], call: ast.Call, caller: ModuleFile) -> str | None:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        index, parameter = piece
        text = _given(argument(call, int(str(index)), str(parameter)), caller)
        if text is None:
            return None
        out.append(text)
    name = "".join(out)
    return name if _NAME.fullmatch(name) else None


def handed_heads(
    root: Path,
    files: Iterable[ModuleFile],
    facts: Mapping[str, FileFacts],
    modules: Mapping[str, ModuleFile],
    entries: Iterable[tuple[str, str]],
) -> list[Reference]:
    """A ``computed-import`` reference for each module a call hands a helper's parameter to reach (``entries``: (the
    helper's file, its :data:`HEAD_PARAM` entry))."""
    files = [f for f in files if f.path in facts]
    by_path = {f.path: f for f in files}
    callers: Callers | None = None
    found: list[Reference] = []
    for path, entry in entries:
        owner = by_path.get(path)
        if owner is None:
            continue
        function, _, spelled = entry[len(HEAD_PARAM) :].partition(":")
        pieces = json.loads(spelled)
        callers = callers or Callers(root, files, facts)
        for caller, _refs, call in callers.calls(owner, function):
            module = _built(pieces, call, caller)
            if module is not None and module in modules:
                found.append(Reference(caller.path, call.lineno, "computed-import", module.rpartition(".")[2], module))
    return found
