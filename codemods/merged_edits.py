"""The edits of several renames, computed on one analysis of a file, applied to its text at once.

Rope's ``rename_in_module`` applies one rename's occurrences with a ``ChangeCollector``; the seam
(:func:`codemods.rope_seam.recording`) records them as ``(start, end, text)`` so a round's renames of one
file are merged here into the text renaming them one after another gives.
"""

from __future__ import annotations

import itertools

from rope.base import codeanalyze

__all__ = ["merged_text"]


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
