"""A script's lookups of a catalogue's keys, rewritten with the keys (issue 13): a JavaScript or TypeScript line's
string literals (planner/script_strings.py), and an HTML page's ``<script>`` code and key attributes
(planner/page_scripts.py), whatever ``--no-prose``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from codemods.base import Edit, Renames
from planner.page_scripts import key_form
from planner.script_strings import defined_key, literal_form, script_comment
from planner.token_bounds import names_a_file

__all__ = ["CONTINUATION", "script_line"]

#: What follows a module path in the same token: ``.attr``, ``:attr``.
CONTINUATION = re.compile(r"(?:[.:][A-Za-z_]\w*)*")


def script_line(
    body: str,
    number: int,
    renames: Renames,
    keys: Sequence[str],
    path: str,
    edits: list[Edit],
    spans: Sequence[tuple[int, int, bool]] | None = None,
) -> str:
    """Rewrite the string literals of a JavaScript or TypeScript line whose whole text is a renamed module path,
    or that path followed by ``.attr`` or ``:attr``: ``i18n.t("pkg.cli.title")`` looks up the key its JSON
    catalogue defines, which is rewritten too (planner/script_strings.py). Nothing else of the line is read; of a
    page's line, only its ``spans`` (planner/page_scripts.py: a ``<script>``'s code, ``data-i18n="..."``).

    Returns:
        The line; an ``Edit`` (``js-string``) added to ``edits`` per literal rewritten.
    """
    if (spans is None and script_comment(body)) or not renames.prefilter(body):
        return body
    out: list[str] = []
    position = 0
    for match in renames.find(body):
        start = match.start()
        cont = CONTINUATION.match(body, match.end())
        end = cont.end() if cont is not None else match.end()
        form = literal_form(body, start, end) if spans is None else key_form(body, spans, start, end)
        if start < position or names_a_file(body, match.end()) or form is None:
            continue
        token = body[start:end]
        if not defined_key(keys, token, form):
            continue  # no data file holds the key: a nested catalogue's, an Angular module's name
        new = renames.rewrite(token) if "." in token or ":" in token else None  # never a bare name
        if new is not None:
            out.append(body[position:start] + new)
            position = end
            edits.append(Edit(path, number, "js-string", token, new))
    return "".join(out) + body[position:] if out else body
