"""A template's tags on a line of an HTML page or another documentation file (issue 13, review 22).

``{{ _("pkg.cli.title") }}`` looks up a key a JSON catalogue defines (``{"pkg.cli.title": "Shop"}``): the quoted
string inside the tag is the template's code, which planner/references.py lists as ``template`` and
codemods/rewrite_config_refs.py rewrites whatever ``--no-prose``, as it rewrites the catalogue's data, so the two
never part; the page's other text stays prose.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

__all__ = ["in_template", "template_tags"]


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
        ``True`` inside a tag, between a pair of quotes.
    """
    if start == 0 or line[start - 1] not in "\"'" or line[end : end + 1] != line[start - 1]:
        return False
    index = bisect.bisect_right(tags, (start, len(line) + 1)) - 1
    return index >= 0 and tags[index][0] < start and end < tags[index][1]
