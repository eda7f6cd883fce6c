"""The parts of an HTML page that look a catalogue's keys up as a script does (issue 13, review 24's hole 05).

A page is prose (``--no-prose`` leaves a dotted path there), but two of its parts are code that names a key its
catalogue defines: an inline ``<script>`` block (``document.title = i18n.t("pkg.cli.title")``) and an i18n key
attribute (jquery-i18next's ``data-i18n="pkg.cli.title"``, ``data-i18n="[title]pkg.cli.tip;pkg.cli.text"``,
``i18nKey="common:pkg.cli.title"``). ``apply`` rewrites the catalogue's key (``{"pkg.cli.title": ...}``) whatever
``--no-prose``, so these lookups follow it as a ``.js`` file's do (planner/script_strings.py): a literal of a
``<script>`` block by its rule, an attribute's key when it is one of the value's ``;``-separated keys whole (after
its ``[attr]`` and ``ns:``), each only when the data holds that key. Nothing else of the page is read so.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from planner.script_strings import literal_form

__all__ = ["PageParts", "is_page", "key_form", "page_parts"]

#: A page's suffixes (planner/file_kinds.py's prose pages).
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
_SCRIPT_OPEN = re.compile(r"<script(?![\w-])", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
#: An attribute whose value is a key or keys (group 2, inside its quote: group 1).
_KEY_ATTRIBUTE = re.compile(
    r"(?<![\w:-])(?:data-i18n(?:-key)?|i18n-?key|data-l10n-id|data-translate)[ \t]*=[ \t]*([\"'])([^\"'<>]*)\1",
    re.IGNORECASE,
)
#: A comment line of a script block (planner/script_strings.py's ``script_comment``), read where the block starts.
_COMMENT = re.compile(r"\s*(?://|/\*|\*)")
#: A key's namespace in an attribute's value (``common:``), as script_strings reads one in a literal.
_NAMESPACE = re.compile(r"[\w-]{1,64}:")

#: A line's index -> its spans of code: ``(start, end, attribute)``, in order.
PageParts = dict[int, list[tuple[int, int, bool]]]


def is_page(path: str) -> bool:
    """Is the file at ``path`` an HTML page?"""
    return path.lower().endswith(PAGE_SUFFIXES)


def page_parts(lines: Sequence[str]) -> PageParts:
    """The spans of a page's ``lines`` (without their endings) that are a ``<script>`` block's code or an i18n key
    attribute's value, by line index; one pass, linear in the text.

    Returns:
        The spans of each line that has any.
    """
    parts: PageParts = {}
    inside = False  # in a ``<script>`` block opened on an earlier line
    for index, line in enumerate(lines):
        spans: list[tuple[int, int, bool]] = []
        position = 0
        while position <= len(line):
            if inside:
                close = _SCRIPT_CLOSE.search(line, position)
                stop = len(line) if close is None else close.start()
                if stop > position:
                    spans.append((position, stop, False))
                if close is None:
                    break
                inside, position = False, close.end()
                continue
            opener = _SCRIPT_OPEN.search(line, position)
            stop = len(line) if opener is None else opener.start()
            spans.extend((m.start(2), m.end(2), True) for m in _KEY_ATTRIBUTE.finditer(line, position, stop))
            if opener is None:
                break
            tag_end = line.find(">", opener.end())
            if tag_end < 0:
                break  # a tag over lines: no block read
            inside, position = True, tag_end + 1
        if spans:
            parts[index] = spans
    return parts


def key_form(line: str, spans: Sequence[tuple[int, int, bool]], start: int, end: int) -> str | None:
    """Is ``line[start:end]``, in one of the line's ``spans`` (:func:`page_parts`), a key the page looks up:
    ``whole``, ``prefix`` (planner/script_strings.py's ``literal_form``), or None?"""
    at = bisect.bisect_right(spans, start, key=lambda span: span[0]) - 1  # in order, apart: a minified page's many
    if at < 0 or end > spans[at][1]:
        return None
    begin, stop, attribute = spans[at]
    if not attribute:
        return None if _COMMENT.match(line, begin) is not None else literal_form(line, start, end)
    key = start
    for namespace in _NAMESPACE.finditer(line, max(begin, start - 65), start):
        if namespace.end() == start:
            key = namespace.start()
    starts = key == begin or line[key - 1] in ";]"
    return "whole" if starts and (end == stop or line[end] == ";") else None
