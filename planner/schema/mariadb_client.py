"""Would the ``mariadb`` client read a trigger body as the server does? (issue 11, seventeenth review)

``enums sql`` re-creates a MariaDB table's user triggers verbatim, between ``DELIMITER //`` lines, in
files the user runs with ``mariadb DB < FILE``. The body is text the server accepted; the client reads
it first, with rules of its own, and a few of them differ from the server's:

* ``--`` starts a comment for the server when a space *or a control character* follows, for the
  client only before whitespace: after ``--<0x01>`` the server skips the line, the client reads
  ``\\! touch x`` as its shell command and ``//`` as the end of ``CREATE TRIGGER``;
* a backslash outside a string literal is a client command (``\\!`` shell, ``\\.`` source, ``\\d``
  delimiter); in a quoted name it is no escape to the server, and clients have differed on that;
* ``//`` is the files' delimiter, wherever the client is not inside a string or a comment;
* a line that starts with ``#`` or ``--`` is skipped whole by the client, even inside ``/* ... */``
  (the server then ends the comment at a ``*/`` on that line); ``/*!`` and ``/*M!`` comments are
  code to the server; ``delimiter`` is a client command.

:func:`client_misreads` reads a body as the client does and names the first thing either could read
otherwise. It is strict rather than clever: a backslash, ``//`` or a control character other than tab,
line feed and CR LF is refused anywhere outside a string literal (in comments too), and so is ``--``
before anything but a space, a tab or a line end (``OLD.n--1`` is written ``OLD.n - -1``).
"""

from __future__ import annotations

import re

__all__ = ["client_misreads"]

#: C0 controls and DEL, but tab, line feed, and CR when a line feed follows it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
_DELIMITER_WORD = re.compile(r"(?<![\w$])delimiter(?![\w$])", re.IGNORECASE)
_LINE_SKIPPED = re.compile(r"\n(#|--)")


def client_misreads(body: str, sql_mode: str = "") -> str | None:
    """What in ``body`` the mariadb client could read otherwise than the server, else None.

    Args:
        sql_mode: the trigger's, which the file sets before ``CREATE TRIGGER``: under
            ``NO_BACKSLASH_ESCAPES`` a backslash in quotes is a plain character to both (the client
            follows the server's flag); under ``ANSI_QUOTES`` ``"..."`` is a name, like ```...```.
    """
    modes = {mode.strip().upper() for mode in sql_mode.split(",")}
    escapes, names = "NO_BACKSLASH_ESCAPES" not in modes, '`"' if "ANSI_QUOTES" in modes else "`"
    control = _CONTROL.search(body)
    if control is not None:
        return f"holds the control character {control.group()!r}"
    at, code, comments = 0, [], []
    while at < len(body):
        char, two = body[at], body[at : at + 2]
        if char in "'\"`":
            end, problem = _quoted(body, at, escapes=escapes, name=char in names)
            if problem:
                return problem
            code.append("\n")  # pieces of code on either side of a string or comment are not joined
            at = end
        elif two == "--" or char == "#":
            if two == "--" and body[at + 2 : at + 3] not in ("", " ", "\t", "\n", "\r"):
                return "holds '--' before a character other than a space, a tab or a line end"
            end = body.find("\n", at)
            comments.append(body[at : len(body) if end < 0 else end])
            code.append("\n")
            at = len(body) if end < 0 else end
        elif two == "/*":
            end = body.find("*/", at + 2)
            comment = body[at : len(body) if end < 0 else end + 2]
            if end < 0 or comment.startswith(("/*!", "/*M!")) or _LINE_SKIPPED.search(comment):
                return "holds a /* */ comment the client reads otherwise (unclosed, /*!, or a line in it starting with # or --)"
            comments.append(comment)
            code.append("\n")
            at += len(comment)
        else:
            code.append(char)
            at += 1
    outside = "".join(code) + "\n" + "\n".join(comments)
    if "\\" in outside:
        return "holds a backslash outside a string literal (a mariadb client command: \\! runs a shell command)"
    if "//" in outside:
        return "holds '//', the generated files' delimiter, outside a string literal"
    if _DELIMITER_WORD.search("".join(code)):
        return "holds the word 'delimiter' outside a string literal (a mariadb client command)"
    return None


def _quoted(body: str, start: int, *, escapes: bool, name: bool) -> tuple[int, str]:
    """The end of the quoted text at ``start`` (after its closing quote), and a problem or "".

    A backslash escapes the next character in a string literal (unless ``NO_BACKSLASH_ESCAPES``), not
    in a quoted ``name``: one there is refused, as clients have not all read it so."""
    quote, at = body[start], start + 1
    while at < len(body):
        char = body[at]
        if char == "\\" and escapes and name:
            return at, "holds a backslash in a quoted name (no escape to the server; clients have differed)"
        if char == "\\" and escapes:
            if body[at + 1 : at + 2] in ("", "\n", "\r"):
                return at, "holds a backslash at the end of a line in a string literal (the client drops the line end)"
            at += 2
        elif char == quote and body[at + 1 : at + 2] == quote:
            at += 2
        elif char == quote:
            return at + 1, ""
        else:
            at += 1
    return at, "holds an unclosed quote"
