"""Line matching for patches in time near-linear in the file, with difflib's answer on small files.

difflib's SequenceMatcher rescans the whole unmatched range for every matching block it finds, so a
large file whose every few lines changed (a codemod rewriting one call per function) costs time
quadratic in its length. Above ``SMALL`` lines a side, lines that occur exactly once on each side are
matched first (patience anchors: the longest increasing run of them), and difflib only matches the
short stretches between two anchors; a long stretch without any keeps only its common ends matched (a
larger patch, never a slow one). Any valid matching gives a correct patch; small files keep
difflib's exact output.

Why not the ``patiencediff`` package (breezy's, evaluated at 1.0.2): it gives the same hunks on
the journal's cases, but it stops at 10 levels of nested repetition (``MaxRecursionDepth``; its Rust
wheel panics, a ``BaseException`` printing a Rust backtrace) on a 2,049-line file that this module
matches, and it is GPL-2.0-or-later while Guardian is MIT (docs/journal.md, "Line matching").
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

SMALL = 400
Opcode = tuple[str, int, int, int, int]
_Block = tuple[int, int, int]


def _anchors(a: Sequence[bytes], b: Sequence[bytes]) -> list[tuple[int, int]]:
    """Returns: pairs (i, j) of lines unique on both sides, increasing in both i and j, as many as possible."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {line: j for j, line in enumerate(b) if count_b[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a) if count_a[line] == 1 and line in where_b]
    tails: list[int] = []  # tails[k]: the smallest j ending an increasing run of length k + 1
    tail_at: list[int] = []  # index in pairs of that run's last pair
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
    out: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def _blocks(
    a: Sequence[bytes], b: Sequence[bytes], lo: tuple[int, int], hi: tuple[int, int], autojunk: bool
) -> list[_Block]:
    """Returns: matching blocks (i, j, size) of ``a[lo[0]:hi[0]]`` against ``b[lo[1]:hi[1]]``, in absolute indexes."""
    sub_a, sub_b = a[lo[0] : hi[0]], b[lo[1] : hi[1]]
    if not sub_a or not sub_b:
        return []
    anchors = _anchors(sub_a, sub_b) if min(len(sub_a), len(sub_b)) > SMALL else []
    if not anchors and min(len(sub_a), len(sub_b)) > SMALL:
        return _ends(sub_a, sub_b, lo)
    if not anchors:
        matcher = SequenceMatcher(None, sub_a, sub_b, autojunk=autojunk)
        return [(lo[0] + i, lo[1] + j, n) for i, j, n in matcher.get_matching_blocks() if n]
    out: list[_Block] = []
    prev = lo
    for i, j in anchors:
        out += _blocks(a, b, prev, (lo[0] + i, lo[1] + j), autojunk)
        out.append((lo[0] + i, lo[1] + j, 1))
        prev = (lo[0] + i + 1, lo[1] + j + 1)
    return out + _blocks(a, b, prev, hi, autojunk)


def _ends(a: Sequence[bytes], b: Sequence[bytes], lo: tuple[int, int]) -> list[_Block]:
    """Returns: the common head and tail of a long stretch without a unique line; the rest stays unmatched."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    out = [(lo[0], lo[1], head)] if head else []
    return out + ([(lo[0] + len(a) - tail, lo[1] + len(b) - tail, tail)] if tail else [])


def matching_blocks(a: Sequence[bytes], b: Sequence[bytes], *, autojunk: bool = True) -> list[_Block]:
    """Returns: difflib-style matching blocks (adjacent ones merged), without the final ``(len a, len b, 0)``."""
    merged: list[_Block] = []
    for i, j, n in _blocks(a, b, (0, 0), (len(a), len(b)), autojunk):
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged


def opcodes(a: Sequence[bytes], b: Sequence[bytes]) -> list[Opcode]:
    """Returns: difflib ``get_opcodes``-style edit script from ``a`` to ``b``."""
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*matching_blocks(a, b), (len(a), len(b), 0)]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out


def ratio(a: Sequence[bytes], b: Sequence[bytes]) -> float:
    """Returns: difflib's ``ratio`` (2 * matched lines / all lines) over a matching without junk."""
    total = len(a) + len(b)
    matched = sum(n for _, _, n in matching_blocks(a, b, autojunk=False))
    return 2.0 * matched / total if total else 1.0
