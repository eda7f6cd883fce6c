"""Dotted paths that reStructuredText spells with escaped underscores (``icalendar.parser\\_tools module``).

Sphinx's apidoc escapes every ``_`` of a module's path in the title of its page (``sphinx.util.rst.escape``:
symbols but the dot), and a writer of ``.rst`` prose may do the same: docutils reads ``\\_`` as ``_``, so the
escaped spelling names the same module. The planner (planner/file_references.py) and apply
(codemods/rewrite_config_refs.py) both read such a line unescaped; apply writes the rewritten line back with
the escapes of the original: each rewritten token whose underscores were escaped gets every ``_`` of its new
spelling escaped, every other part of the line is kept as it was.
"""

from __future__ import annotations

import re

__all__ = ["as_spelled", "escapes_underscores", "original_span", "reescaped", "unescaped"]

_ESCAPED = re.compile(r"(?<!\\)\\_")  # ``\_``, not the ``\\`` of an escaped backslash followed by ``_``
_PIECE = re.compile(r"[\w.]+|[^\w.]")  # a run of a dotted token's characters, or one other character


#: reStructuredText and Markdown (CommonMark escapes every ASCII punctuation: pandoc writes ``\\_``; defusedxml
#: 0.7.1's README, ``Rename defusedxml.lxml.check\\_dtd()``) read ``\\_`` as ``_``
_ESCAPING = (".rst", ".md", ".markdown")


def escapes_underscores(path: str, line: str) -> bool:
    """Whether ``line`` of the file ``path`` is reStructuredText or Markdown that escapes an underscore."""
    return "\\_" in line and path.endswith(_ESCAPING) and _ESCAPED.search(line) is not None


def unescaped(line: str) -> tuple[str, list[int]]:
    """``line`` with each ``\\_`` read as ``_``, and where each of its characters (and its end) stood in ``line``."""
    out: list[str] = []
    where: list[int] = []
    position = 0
    for match in _ESCAPED.finditer(line):
        out.append(line[position : match.start()] + "_")
        where.extend(range(position, match.start()))
        where.append(match.start() + 1)
        position = match.end()
    out.append(line[position:])
    where.extend(range(position, len(line) + 1))
    return "".join(out), where


def original_span(line: str, where: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of ``line`` that holds ``[start, end)`` of its unescaped text (an escaped first ``_``'s ``\\`` in)."""
    first = where[start]
    dropped = first > 0 and line[first - 1] == "\\" and (start == 0 or where[start - 1] != first - 1)
    return first - 1 if dropped else first, where[end]


def reescaped(line: str, plain: str, where: list[int], rewritten: str) -> str | None:
    """``rewritten`` (``plain``, the unescaped ``line``, rewritten token by token) with the escapes of ``line``;
    ``None`` if the two do not split into the same pieces (a rewrite that changed more than tokens)."""
    old = [m.span() for m in _PIECE.finditer(plain)]
    new = [m.group(0) for m in _PIECE.finditer(rewritten)]
    if len(old) != len(new):
        return None
    out: list[str] = []
    for (start, end), piece in zip(old, new):
        first, last = original_span(line, where, start, end)
        spelled = line[first:last]
        if piece == plain[start:end]:
            out.append(spelled)
        else:
            out.append(piece.replace("_", "\\_") if "\\_" in spelled else piece)
    return "".join(out)


def as_spelled(line: str | None, where: list[int], start: int, end: int, plain: str) -> str:
    """``plain[start:end]`` as ``line`` spells it (``None``: the line escapes nothing, ``plain`` is it)."""
    if line is None:
        return plain[start:end]
    first, last = original_span(line, where, start, end)
    return line[first:last]
