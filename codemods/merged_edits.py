"""The edits of several renames, computed on one analysis of a file, applied to its text at once.

Rope's ``rename_in_module`` applies one rename's occurrences with a ``ChangeCollector``; the seam
(:func:`codemods.rope_seam.recording`) records them as ``(start, end, text)`` so a round's renames of one
file are merged here into the text renaming them one after another gives.

Rope reads a file as text with every line end made ``\n`` and writes a text back with one line end for
all (a file of mixed line ends had its ``\n`` lines made ``\r\n``). :func:`merged_bytes` applies the
edits to the file's own bytes instead: only the renamed names change.
"""

from __future__ import annotations

import bisect
import itertools
import re

from rope.base import codeanalyze, fscommands

__all__ = ["merged_bytes", "merged_text"]

_LINE_END = re.compile(r"\r\n?")


def merged_text(source: str, edits: list[tuple[int, int, str]]) -> str | None:
    """``source`` with every edit applied, the way Rope's ``ChangeCollector`` applies one rename's.

    Raises:
        ValueError: two edits overlap (two renames claimed the same text).

    Returns:
        The new text, or None when it equals ``source``.
    """
    ordered = sorted(edits, key=lambda e: e[:2])
    for before, after in itertools.pairwise(ordered):
        if after[0] < before[1]:
            raise ValueError(f"edits overlap at offsets {before[:2]} and {after[:2]}")
    collector = codeanalyze.ChangeCollector(source)
    for start, end, text in ordered:
        collector.add_change(start, end, text)
    result: str | None = collector.get_changed()
    return result


def merged_bytes(data: bytes, text: str, edits: list[tuple[int, int, str]]) -> bytes | None:
    """``data`` (a file's bytes, which Rope read as ``text``) with every edit applied, its line ends and
    encoding kept; the edits are offsets into ``text``.

    Raises:
        ValueError: two edits overlap (two renames claimed the same text).

    Returns:
        The new bytes, or None when the edits change nothing or ``data`` is not read as Rope reads it
        (the caller falls back to :func:`merged_text`).
    """
    codec = _rope_codec(data)
    try:
        raw = data.decode(codec)
    except (UnicodeError, LookupError):
        return None
    if raw.encode(codec) != data:
        return None
    crlf: list[int] = []  # where each \r\n of ``raw`` is in ``text`` (one \n there)
    for match in _LINE_END.finditer(raw):
        if match.end() - match.start() == 2:
            crlf.append(match.start() - len(crlf))
    if _LINE_END.sub("\n", raw) != text:
        return None

    def shifted(offset: int) -> int:
        return offset + bisect.bisect_left(crlf, offset)

    new = merged_text(raw, [(shifted(start), shifted(end), name) for start, end, name in edits])
    return None if new is None else new.encode(codec)


def _rope_codec(data: bytes) -> str:
    """The codec Rope decodes ``data`` with: its PEP 263 coding line's, else UTF-8, else latin-1."""
    codec = fscommands.read_str_coding(data) or "utf-8"
    try:
        data.decode(codec)
    except (UnicodeError, LookupError):
        return "latin-1"
    return str(codec)
