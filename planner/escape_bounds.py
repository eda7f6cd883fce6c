"""Where a backslash escape ends right before a module path in a text: the path's left bound (issue 13).

``"loaded:\\npkg.mod"``, ``"x\\tpkg.mod"``, ``"x\\u0009pkg.mod"``, a regex's ``r"\\bpkg\\.mod\\b"``, ``\\Apkg``,
``got\\spkg``, an ANSI colour ``"\\x1b[31mpkg.mod"`` (``r"\\x1b\\[31mpkg\\.mod"`` in a regex): as source text the
escape's last letter or digit stands right before the path, which then read as a longer token (``npkg.mod``,
``mpkg.mod``). Such a letter is no part of the token when it ends a real escape: an odd run of backslashes
before it (``r"\\\\npkg"`` is a backslash, then ``npkg``: a longer token still). One rule for the plan, which reads a
literal's value, and for apply, which reads its source: a Python string that is not raw spells each backslash
of its value twice or an escape of its own, so apply reads its source's end decoded (``doubled``), as the value.

planner/token_bounds.py (config, docs), planner/path_mentions.py and planner/file_references.py (plan),
codemods/base.py's ``Renames.find`` and codemods/string_tokens.py (apply) ask it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

__all__ = ["GLUED", "escape_before", "tokens"]

#: An escape that ends at the end of the searched span: a letter of Python's strings or of a regex (``\\n``,
#: ``\\t``, ``\\b``, ``\\A``, ``\\s``, ``\\w`` ...), a code point (``\\x09``, ``\\u0009``, ``\\U00000009``, ``\\011``),
#: or an ANSI control sequence (``ESC[31m``) whose ESC is the character or its escape, its ``[`` maybe escaped.
_ENDING = re.compile(
    r"(?:\\(?:[abfnrtvABdDsSwWZ]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})"
    r"|(?:\x1b|\\(?:x1[bB]|u001[bB]|U0000001[bB]|033|e))\\?\[[0-9;]*[A-Za-z])\Z"
)
#: How far before a path an escape may start: ``\\U0000001b\\[38;5;196m`` is 21 characters.
_REACH = 24


def _ends_escape(text: str, start: int) -> bool:
    """Does a real escape of ``text`` (backslashes read once) end right at ``start``?"""
    match = _ENDING.search(text, max(0, start - _REACH), start)
    if match is None:
        return False
    first = match.start()
    if text[first] != "\\":
        return True  # the ESC character itself
    run = 1
    while first - run >= 0 and text[first - run] == "\\":
        run += 1
    return run % 2 == 1


def _decoded_before(text: str, start: int) -> bool:
    """:func:`_ends_escape` for the source of a Python string that is not raw: its end before ``start`` decoded
    (from the start of the first run of backslashes within reach: an escape is never cut), as its value reads."""
    low = max(0, start - _REACH)
    cut = text.find("\\", low, start)
    if cut < 0:
        return _ends_escape(text, start)
    while cut > 0 and text[cut - 1] == "\\":
        cut -= 1
    piece = text[cut : start + 1]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ``\\s``: an invalid escape stays as written, as in the value
            value = piece.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return False
    if len(value) < 2 or value[-1] != text[start]:
        return False  # the path's first letter is an escape's (``\\x0apkg`` has no ``apkg``)
    before = value[-2]
    if not (before.isalnum() or before in "_."):
        return True  # a newline, a tab, an ESC's code ... : white space or a control character
    return _ends_escape(value, len(value) - 1)


def escape_before(text: str, start: int, *, doubled: bool = False) -> bool:
    """Is the letter or digit right before ``text[start]`` the end of an escape sequence, no part of the token there?

    ``doubled``: ``text`` is a Python string's source that is not raw (``"\\\\bpkg"``, the regex ``\\bpkg`` spelled
    in a plain string); else its backslashes are read once (a raw string, a value, a line of a file).

    Returns:
        ``True`` when an escape ends there: the token starts at ``start`` as after a space.
    """
    if start <= 0 or start > len(text) or not text[start - 1].isascii() or not text[start - 1].isalnum():
        return False
    return _decoded_before(text, start) if doubled else _ends_escape(text, start)


#: Where a token may stand glued to an escape's last letter or digit: put before a token's pattern, in a second
#: pattern :func:`tokens` runs only over a text that holds a backslash or an ESC (one alternation of lookbehinds in the
#: first pattern cost 8 times its scan on prose: the engine's fast search for the names' first characters is lost).
GLUED = r"(?<=[A-Za-z0-9])"


def tokens(
    text: str,
    plain: re.Pattern[str],
    glued: re.Pattern[str],
    *,
    group: int = 0,
    doubled: bool = False,
    either: bool = False,
) -> Iterator[re.Match[str]]:
    """The matches of ``plain`` (a token's pattern, bounded on the left as after a space) in ``text``, and those of
    ``glued`` (the same after :data:`GLUED`) where an escape ends right before ``group`` (:func:`escape_before`;
    ``either``: in a raw or in a plain string's source, a whole file's screen), in order.

    Returns:
        An iterator of matches, by their start.
    """
    if "\\" not in text and "\x1b" not in text:
        return plain.finditer(text)
    found = [
        m
        for m in glued.finditer(text)
        if escape_before(text, m.start(group), doubled=doubled)
        or (either and escape_before(text, m.start(group), doubled=not doubled))
    ]
    if not found:
        return plain.finditer(text)
    return iter(sorted([*plain.finditer(text), *found], key=lambda m: m.start()))
