"""A line of reStructuredText whose dotted paths escape their underscores, rewritten as its unescaped reading.

``icalendar.parser\\_tools module`` (an apidoc page's title) names ``icalendar.parser_tools``: the line is
rewritten as docutils reads it (planner/rst_escapes.py), then written back with the original's escapes, a
rewritten token whose underscores were escaped getting every ``_`` of its new spelling escaped
(``icalendar.new\\_parser\\_tools module``). A longer token (``pkg.parser\\_tools\\_v2``) stays one, as unescaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from codemods.base import Edit
from planner.rst_escapes import reescaped, unescaped

__all__ = ["escaped_line"]


def _escaped(token: str) -> str:
    return token.replace("_", "\\_")


def escaped_line(
    body: str, rewrite: Callable[[str], str], edits: list[Edit], warn: Callable[[int, str], None], number: int
) -> str:
    """``body`` rewritten by ``rewrite`` as read unescaped, its escapes kept; the edits ``rewrite`` appended name
    the tokens as the line spells them."""
    plain, where = unescaped(body)
    mark = len(edits)
    rewritten = rewrite(plain)
    if rewritten == plain:
        return body
    again = reescaped(body, plain, where, rewritten)
    if again is None:  # a rewrite that changed more than whole tokens: no escape to carry over safely
        del edits[mark:]
        warn(number, "a dotted path with escaped underscores ('\\_') could not be rewritten keeping its escapes")
        return body
    for index in range(mark, len(edits)):
        edit = edits[index]
        if _escaped(edit.old) in body and edit.old not in body:  # spelled escaped on the line
            edits[index] = replace(edit, old=_escaped(edit.old), new=_escaped(edit.new))
    return again
