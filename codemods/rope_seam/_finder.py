"""The seam's hooks on Rope's textual search: scope regions answered before the first scope, finder offsets kept.

:func:`regions_after_imports` answers ``Scope.in_region``; :func:`finder_offsets` and :func:`offsets_once`
share the offsets Rope's textual finder examines (the package's docstring: :mod:`codemods.rope_seam`).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rope.base import pyscopes
from rope.base.fscommands import file_data_to_unicode
from rope.refactor import occurrences


def rope_text(data: bytes) -> str | None:
    """A file's text as Rope reads it (``File.read``: its encoding, newlines made ``\\n``); None
    when Rope cannot decode it."""
    try:
        text: str = file_data_to_unicode(data)[0]
    except (UnicodeError, LookupError):
        return None
    return text


_ROPE_IN_REGION = pyscopes.Scope.in_region
#: The nodes Rope makes a scope of (and lambdas, for safety): a statement holding none has no scope.
SCOPE_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _scopes_start(pymodule: Any) -> int:
    """An offset no scope region of ``pymodule`` starts after: the start of the line on which the
    statement before the first one holding a scope ends (0 when that is the first statement), or
    the file's first ``(`` if it comes before (see :func:`regions_after_imports`)."""
    found: int | None = getattr(pymodule, "guardian_scopes_start", None)
    if found is None:
        found = 0
        body = pymodule.get_ast().body
        for index, statement in enumerate(body):
            if any(isinstance(node, SCOPE_NODES) for node in ast.walk(statement)):
                if index:
                    found = pymodule.lines.get_line_start(body[index - 1].end_lineno)
                break
        paren = pymodule.source_code.find("(")
        if paren != -1:
            found = min(found, paren)
        pymodule.guardian_scopes_start = found
    return found


def _in_region(scope: Any, offset: int) -> bool:
    if offset <= _scopes_start(scope._get_global_scope().pyobject):
        return False
    return bool(_ROPE_IN_REGION(scope, offset))


def regions_after_imports() -> None:
    """Answer ``Scope.in_region`` without Rope's scope regions for an offset before every scope.

    Rope finds the scope holding each occurrence by asking every scope of the module whether its
    region holds the offset (``start < offset < end``), and the first question patches the whole
    module's AST with token offsets (``patchedast``): most of those questions are about the import
    statements at the top of a file, before any function or class. A scope's region starts at its
    first token (``def``, ``class``, ``@``, a comprehension's bracket), after the end of every
    statement before the one holding it, or, where Rope's token walk met parentheses it could not
    pair (an f-string joined to a string holding ``(.)``: moto's ``sqs/models.py``), at an earlier
    ``(``. So an offset at or before both the start of the line where the statement before the first
    scope-holding one ends and the file's first ``(`` is in no region: the answer is False, as
    Rope's. Any other offset asks Rope. Checked on the standard library, the installed packages and
    sympy: no scope region of those files starts before this bound. Installed once per process."""
    pyscopes.Scope.in_region = _in_region


def finder_offsets(name: str, text: str) -> list[int] | None:
    """The offsets Rope's finder examines for ``name`` in a file's ``text`` (:func:`rope_text`):
    ``_TextualFinder`` with ``docs=False``, as ``Rename`` builds it (code and f-strings, not
    comments or strings); None when it raises (Rope's own search fails there too). Used by
    :mod:`codemods.rope_search`; kept for Rope's own search while :func:`offsets_once` is active."""
    try:
        found = list(_ROPE_FIND_OFFSETS(occurrences._TextualFinder(name, docs=False), text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if _offsets is not None:
        _offsets[name, _digest(text)] = found
    return found


_ROPE_FIND_OFFSETS = occurrences._TextualFinder.find_offsets
#: Rope's finder's offsets by (name, digest of the text) while :func:`offsets_once` is active
_offsets: dict[tuple[str, bytes], list[int]] | None = None
Offsets = dict[tuple[str, bytes], list[int]]


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _find_offsets(finder: Any, source: str) -> Iterator[int]:
    known = _offsets.get((finder.name, _digest(source))) if _offsets is not None and not finder.docs else None
    return iter(known) if known is not None else _ROPE_FIND_OFFSETS(finder, source)


@contextmanager
def offsets_once(given: Offsets | None = None) -> Iterator[None]:
    """Rope's textual finder answers from :func:`finder_offsets`'s results for the same name and
    text (the search for the files Rope is given, :mod:`codemods.rope_search`), instead of scanning
    the text again with the name's pattern (the name, comments and every string form, one regex run
    over the whole file): the same offsets, one scan per file and name. Active for a batch's Rope
    session; a worker analysing a round's task gets the parent's (``given``: :func:`offsets_of`)."""
    global _offsets  # noqa: PLW0603 - the memo of one batch (or task), in this process
    _offsets = dict(given or {})
    occurrences._TextualFinder.find_offsets = _find_offsets
    try:
        yield
    finally:
        occurrences._TextualFinder.find_offsets = _ROPE_FIND_OFFSETS
        _offsets = None


def offsets_of(names: set[str]) -> Offsets:
    """The offsets kept for ``names`` (a round's task, sent to a worker)."""
    return {key: found for key, found in (_offsets or {}).items() if key[0] in names}


#: Rope's functions the hooks here replace once installed: the seam's digests are of these
REPLACED: dict[str, object] = {"rope.base.pyscopes:Scope.in_region": _ROPE_IN_REGION}
