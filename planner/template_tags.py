"""A template's tags on a line of an HTML page or another documentation file (issue 13, review 22).

``{{ _("pkg.cli.title") }}`` looks up a key a JSON catalogue defines (``{"pkg.cli.title": "Shop"}``): the quoted
string inside the tag is the template's code, which planner/file_references.py lists as ``template`` and
codemods/rewrite_config_refs.py rewrites whatever ``--no-prose``, as it rewrites the catalogue's data, so the two
never part; the page's other text stays prose. A tag goes on over lines too (``{% trans\n    "pkg.cli.help" %}``,
``{{ _(\n  "pkg.cli.title"\n) }}``): :func:`split_tags` finds those in a file's lines.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["MAX_TAG_LINES", "in_template", "split_tags", "template_tags"]

#: A tag over more lines than this is no tag: an unclosed ``{{`` in prose, and a ``}}`` far below it.
MAX_TAG_LINES = 20
_MARK = re.compile(r"\{\{|\{%|\}\}|%\}")
_CLOSER = {"{{": "}}", "{%": "%}"}


def template_tags(line: str) -> list[tuple[int, int]]:
    """The spans of a template's tags on ``line`` (Jinja's and Django's ``{{ ... }}`` and ``{% ... %}``), in
    order. Each opener and closer is searched forward from the last: linear in the line's length.

    Returns:
        ``(start, end)`` offsets, the braces included.
    """
    spans: list[tuple[int, int]] = []
    at = 0
    found = {"{{": line.find("{{"), "{%": line.find("{%")}
    closed = {"{{": True, "{%": True}  # whether a closer may still come
    while True:
        for opener, position in found.items():
            if 0 <= position < at:
                found[opener] = line.find(opener, at)
        openers = [(position, opener) for opener, position in found.items() if position >= 0 and closed[opener]]
        if not openers:
            return spans
        start, opener = min(openers)
        end = line.find("}}" if opener == "{{" else "%}", start + 2)
        if end < 0:
            closed[opener] = False  # no closer after here: none after any later opener either
            at = start + 2
            continue
        spans.append((start, end + 2))
        at = end + 2


def in_template(tags: Sequence[tuple[int, int]], line: str, start: int, end: int) -> bool:
    """Is ``line[start:end]`` a whole quoted string inside one of the template ``tags`` (:func:`template_tags`):
    ``{{ _("pkg.cli.title") }}``, ``{% trans 'pkg.cli.title' %}``? That is the template's code (a lookup of the
    key a JSON catalogue defines), rewritten whatever ``--no-prose``, as that JSON's data is.

    Returns:
        ``True`` inside a tag, between a pair of quotes (a tag from a line above starts at -1: :func:`split_tags`).
    """
    if start == 0 or line[start - 1] not in "\"'" or line[end : end + 1] != line[start - 1]:
        return False
    index = bisect.bisect_right(tags, (start, len(line) + 1)) - 1
    return index >= 0 and tags[index][0] < start and end < tags[index][1]


def split_tags(lines: Sequence[str]) -> dict[int, list[tuple[int, int]]]:
    """The spans of the template tags that go on over ``lines`` (``{% trans\\n "pkg.cli.help" %}``), on each line they
    cross, by its index: from the opener to the line's end on the first, the whole line between (from -1), up to the
    closer on the last. A tag is an opener and the next closer of its kind, with no other opener between and within
    :data:`MAX_TAG_LINES` lines. One pass over the lines.

    Returns:
        The spans by line index, for :func:`in_template` beside the line's own tags (:func:`template_tags`).
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    opened: tuple[str, int, int] | None = None  # the opener, its line's index and its column
    for index, line in enumerate(lines):
        if opened is not None and index - opened[1] >= MAX_TAG_LINES:
            opened = None
        for mark in _MARK.finditer(line) if "{" in line or "}" in line else ():
            if mark.group() in _CLOSER:
                opened = (mark.group(), index, mark.start())
            elif opened is not None and mark.group() == _CLOSER[opened[0]]:
                _opener, first, column = opened
                if first != index:
                    spans.setdefault(first, []).append((column, len(lines[first])))
                    for middle in range(first + 1, index):
                        spans.setdefault(middle, []).append((-1, len(lines[middle])))
                    spans.setdefault(index, []).append((-1, mark.end()))
                opened = None
    return spans
