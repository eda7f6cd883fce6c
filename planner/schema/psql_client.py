"""Would ``psql`` read a generated PostgreSQL file as the server does? (issue 11, eighteenth review)

``enums sql`` writes files the user runs with ``psql -f``, and pastes into them text a checkout chose
(a CHECK, an index predicate, a column default, a view's query, rendered by SQLGlot). psql reads the
text first, with a lexer of its own, and outside string literals, quoted names, dollar-quoted bodies
and comments it acts on two things the server never sees:

* ``:NAME``, ``:'NAME'``, ``:"NAME"`` and ``:{?NAME}`` are replaced by a variable's value, and the
  value is read again, backslash commands included: ``tags[1:LAST_ERROR_MESSAGE]`` pastes the text of
  the previous error, which quotes a name the checkout chose (``x" \\! touch ../f #``);
* a backslash starts a meta-command (``\\!`` runs a shell command, ``\\i`` reads a file).

:func:`psql_misreads` reads text as psql's lexer does (``'...'`` with ``standard_conforming_strings``
on, ``E'...'`` with backslash escapes, ``"..."``, ``$tag$...$tag$``, ``--`` and nested ``/* */``
comments) and names the first such thing outside them. It is strict rather than clever where psql's
reading depends on a setting or a version: a backslash in a plain ``'...'`` (its meaning follows
``standard_conforming_strings``; Guardian writes ``E'...'`` for those), a ``$`` inside a word that
starts with a digit (``1$a$`` is a number and a dollar quote to psql), and an ``E'`` after a ``.`` or a
quote is read as a plain string, so a backslash in it is refused too.
"""

from __future__ import annotations

import re

__all__ = ["psql_misreads"]

#: psql's identifier and number characters: ASCII letters, digits and ``_``, and every character from
#: U+0080 on (every byte >= 0x80 is one). The class lists the ASCII characters *not* in it (NUL to
#: ``/``, ``:`` to ``@``, ``[`` to ``^``, the backquote, ``{`` to DEL): a class ranging to U+10FFFF
#: took the regex compiler 0.02 s, on every command that reads a schema (issue 16).
_WORD_CHAR = r"[^\x00-/:-@\[-^`{-\x7f]"
_WORD_START = r"[^\x00-@\[-^`{-\x7f]"  # the same without the digits
_WORD_OR_DOLLAR = r"[^\x00-#%-/:-@\[-^`{-\x7f]"  # the same with ``$``
#: A word, with ``$`` after its start.
_WORD = re.compile(_WORD_CHAR + _WORD_OR_DOLLAR + "*")
_DOLLAR_QUOTE = re.compile(r"\$(?:" + _WORD_START + _WORD_CHAR + r"*)?\$")
#: After ``:``, what makes psql read a variable (``::`` is a cast, consumed before this is tried).
_VARIABLE = re.compile(":(?:" + _WORD_CHAR + "+|['\"{])")


def psql_misreads(text: str) -> tuple[int, str] | None:
    """Where in ``text`` psql would act on something the server should read, and what, else None.

    Returns:
        ``(offset, problem)`` of the first one.
    """
    at = 0
    while at < len(text):
        char, two = text[at], text[at : at + 2]
        if char == "'" or char == '"':
            end, problem = _quoted(text, at, escapes=False)
        elif char in "eE" and text[at + 1 : at + 2] == "'" and text[at - 1 : at] not in (".", "'", '"'):
            end, problem = _quoted(text, at + 1, escapes=True)
        elif char == "$" and (dollar := _DOLLAR_QUOTE.match(text, at)):
            tag = dollar.group()
            end = text.find(tag, at + len(tag))
            end, problem = (len(text), "holds an unclosed dollar quote") if end < 0 else (end + len(tag), "")
        elif two == "--":
            end, problem = _line_end(text, at), ""
        elif two == "/*":
            end, problem = _block_comment(text, at)
        elif char == "\\":
            end, problem = at, "holds a backslash outside quotes (a psql meta-command: \\! runs a shell command)"
        elif two == "::":
            end, problem = at + 2, ""
        elif char == ":" and (variable := _VARIABLE.match(text, at)):
            shown = variable.group()[:40]
            end, problem = at, f"holds {shown!r} outside quotes (psql replaces it with a variable's value)"
        elif word := _WORD.match(text, at):
            end, problem = word.end(), ""
            if char.isdigit() and "$" in word.group():
                problem = "holds '$' in a word that starts with a digit (psql may read a dollar quote)"
            elif char.isdigit() and word.group()[-1] in "eE" and text.startswith("--", end):
                # psql reads ``1e-`` as one (junk) number: the next ``-`` starts no comment, and what
                # follows it (``\!``) is read as psql's own (review 19)
                problem = "holds '--' right after a number ending in 'e' (psql reads '1e-' as one token)"
        else:
            end, problem = at + 1, ""
        if problem:
            return at, problem
        at = end
    return None


def _quoted(text: str, start: int, *, escapes: bool) -> tuple[int, str]:
    """The end of the string or name at ``start`` (after its closing quote), and a problem or "".

    A backslash escapes the next character in ``E'...'`` (``escapes``); one in a plain ``'...'`` is
    refused (see the module's docstring); in ``"..."`` it is a plain character."""
    quote, at = text[start], start + 1
    while at < len(text):
        char = text[at]
        if char == "\\" and escapes:
            at += 2
        elif char == "\\" and quote == "'":
            return at, "holds a backslash in a plain '...' string (psql reads it by standard_conforming_strings)"
        elif char == quote and text[at + 1 : at + 2] == quote:
            at += 2
        elif char == quote:
            return at + 1, ""
        else:
            at += 1
    return start, "holds an unclosed quote"


def _line_end(text: str, start: int) -> int:
    """The end of the ``--`` comment at ``start``: psql ends it at a line feed or a carriage return."""
    ends = [end for end in (text.find("\n", start), text.find("\r", start)) if end >= 0]
    return min(ends, default=len(text))


def _block_comment(text: str, start: int) -> tuple[int, str]:
    """The end of the ``/* */`` comment at ``start``: they nest, in psql as in the server."""
    depth, at = 0, start
    while at < len(text):
        two = text[at : at + 2]
        if two == "/*":
            depth, at = depth + 1, at + 2
        elif two == "*/":
            depth, at = depth - 1, at + 2
            if depth == 0:
                return at, ""
        else:
            at += 1
    return start, "holds an unclosed /* comment"
