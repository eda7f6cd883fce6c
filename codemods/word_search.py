"""The whole-word search behind the workspace's Rope prefilter: which files hold a word as an identifier.

The files' text is joined into one buffer searched by ``bytes.find`` (one pass for all of a batch's
words, words sharing a rare prefix found together); a changed file is searched through its token set.
"""

from __future__ import annotations

import bisect
import re


def whole_word(word: str) -> re.Pattern[bytes]:
    """``word`` as one identifier token of the text: what ``[A-Za-z_][A-Za-z0-9_]*`` finds scanning
    left to right (digits may precede it: ``9name`` holds the token ``name``; ``x9name`` does not).
    A byte of a non-ASCII character (UTF-8: 0x80 and above) is a word's, as ``é`` is in ``modulé``."""
    return re.compile(rb"(?<![A-Za-z0-9_\x80-\xff])[0-9]*" + re.escape(word.encode()) + rb"(?![A-Za-z0-9_\x80-\xff])")


_RUN = re.compile(rb"[A-Za-z0-9_\x80-\xff]+")


def tokens(data: bytes) -> frozenset[bytes]:
    """The words :func:`whole_word` finds in ``data``: each run of ``[A-Za-z0-9_]`` (or non-ASCII) without its
    leading digits (a word starts with a letter or ``_``). A changed file's tokens are taken once per
    text, then every word is a set lookup: the per-word scans of every changed file cost 100 words x
    the changed text per search, five searches per batch."""
    return frozenset(run.lstrip(b"0123456789") for run in _RUN.findall(data))


#: :meth:`JoinedText.prefetch` searches words sharing a prefix this long together, and gives up on a
#: prefix found more often than ``_PREFIX_HITS`` times per word
_PREFIX = 4
_PREFIX_HITS = 64


def _shared(a: bytes, b: bytes) -> bytes:
    """The longest common prefix of ``a`` and ``b``."""
    size = 0
    for x, y in zip(a, b):
        if x != y:
            break
        size += 1
    return a[:size]


class JoinedText:
    """Files' text joined into one buffer (each followed by a newline), so a word is searched through
    all of them by one ``bytes.find`` per occurrence instead of a test per file."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.paths = list(files)
        self.starts: list[int] = []
        offset = 0
        for data in files.values():
            self.starts.append(offset)
            offset += len(data) + 1
        self.starts.append(offset)
        self.buffer = b"\n".join([*files.values(), b""])
        self.found: dict[bytes, list[str]] = {}  #: the answers so far (the text does not change)

    def prefetch(self, wanted: dict[bytes, re.Pattern[bytes]]) -> None:
        """Answer words that share a prefix of at least :data:`_PREFIX` bytes (``orders_00000`` and
        ``orders_00020``; a naming pattern's new names ``WF1_V7_L2_...``) by one scan for the prefix,
        when it is rare; the other words are searched on their own by :meth:`holding`. The answers
        are the ones :meth:`holding` gives."""
        groups: list[tuple[bytes, list[bytes]]] = []
        for needle in sorted(needle for needle in wanted if needle not in self.found):
            shared = _shared(groups[-1][0], needle) if groups else b""
            if len(shared) >= _PREFIX:
                groups[-1] = (shared, [*groups[-1][1], needle])
            else:
                groups.append((needle, [needle]))
        for prefix, needles in groups:
            if len(needles) > 1:
                self._by_prefix(prefix, needles, wanted)

    def _by_prefix(self, prefix: bytes, needles: list[bytes], wanted: dict[bytes, re.Pattern[bytes]]) -> None:
        buffer, positions = self.buffer, list[int]()
        at = buffer.find(prefix)
        while at != -1:
            if len(positions) == _PREFIX_HITS * len(needles):
                return  # a common prefix: one search per word is cheaper than looking at each hit
            positions.append(at)
            at = buffer.find(prefix, at + 1)
        for needle in needles:
            result: list[str] = []
            end = -1
            for at in positions:
                if at < end or not buffer.startswith(needle, at):
                    continue
                index = bisect.bisect_right(self.starts, at) - 1
                end = self.starts[index + 1] - 1
                if wanted[needle].search(buffer, self.starts[index], end):
                    result.append(self.paths[index])
            self.found[needle] = result

    def holding(self, needle: bytes, pattern: re.Pattern[bytes]) -> list[str]:
        """The files whose text ``pattern`` (a whole-word search for ``needle``) finds."""
        known = self.found.get(needle)
        if known is not None:
            return known
        result: list[str] = self.found.setdefault(needle, [])
        buffer, starts = self.buffer, self.starts
        at = buffer.find(needle)
        while at != -1:
            index = bisect.bisect_right(starts, at) - 1
            end = starts[index + 1] - 1
            if pattern.search(buffer, starts[index], end):
                result.append(self.paths[index])
            at = buffer.find(needle, end)
        return result
