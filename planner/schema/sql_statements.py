"""The one SQL statement splitter: a script into statements, on SQLGlot's own tokens.

Used to read DDL files, to find SQL in ``.sql`` files and to run migration files statement by
statement. Quotes, ``$tag$`` bodies and comments never split a statement, because SQLGlot's
tokenizer for the dialect decides what is a terminator. Between statements, a client command line
(psql's ``\\restrict KEY``, written by pg_dump >= 15.14; the mariadb client's ``\\C utf8mb4``, which
``enums sql`` files start with) is not SQL and is dropped, and on MySQL a
``DELIMITER //`` line (the MariaDB client convention for trigger and function bodies) sets the
terminator of the statements that follow; so the same files run with ``psql -f`` / ``mariadb <``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import sqlglot
from sqlglot.tokens import Token, TokenType  # type: ignore[attr-defined]

from planner.errors import InputError
from planner.schema.normalize import SQLGLOT_DIALECT

__all__ = ["Statement", "split_statements"]


@dataclass(frozen=True)
class Statement:
    """One statement of a script, without its terminator, and the line its code starts on."""

    text: str
    line: int


def split_statements(text: str, dialect: str, shown: str) -> list[Statement]:
    """Split a script into statements.

    Returns:
        The statements (comments before the code included, the terminator not) with the 1-based
        line their first token is on; stretches holding no token (only comments) are left out.

    Raises:
        InputError: the tokenizer fails (an unterminated string or quote), naming the line.
    """
    tokens = _tokens(text, dialect, shown)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[Statement] = []
    delimiter = ";"
    pieces: list[str] = []  # the current statement's text, directive lines left out
    piece_start = 0  # where the current piece of text starts
    first: Token | None = None  # the current statement's first token
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if first is None and _starts_line(text, tok.start, line_starts):
            directive = _directive(tok, dialect)
            if directive:
                line_end = text.find("\n", tok.start)
                line_end = len(text) if line_end < 0 else line_end
                if directive == "DELIMITER":
                    delimiter = text[tok.end + 1 : line_end].strip() or delimiter
                pieces.append(text[piece_start : _line_start(tok.start, line_starts)])
                piece_start = min(line_end + 1, len(text))
                i = _skip_to(tokens, i, line_end)
                continue
        at = _terminator(text, tok, delimiter)
        if at is None or at > tok.start:
            if first is None:
                first = tok  # a token holding code before the terminator (``END$$``) opens the statement
        if at is None:
            i += 1
            continue
        pieces.append(text[piece_start:at])
        _emit(out, pieces, first, line_starts)
        pieces, piece_start, first = [], at + len(delimiter), None
        i = _skip_to(tokens, i, piece_start)
    pieces.append(text[piece_start:])
    _emit(out, pieces, first, line_starts)
    return out


def _tokens(text: str, dialect: str, shown: str) -> list[Token]:
    try:
        return list(sqlglot.Dialect.get_or_raise(SQLGLOT_DIALECT[dialect]).tokenize(text))
    except sqlglot.errors.TokenError as exc:
        found = re.search(r"[Ll]ine[: ]+(\d+)", str(exc))
        raise InputError(
            shown,
            f"cannot tokenize SQL: {str(exc).splitlines()[0][:120]}",
            line=int(found.group(1)) if found else 1,
            hint="look for an unterminated quote or dollar-quoted body",
        ) from None


#: Tokens whose text is quoted: a terminator inside them is data.
_QUOTED = frozenset(
    getattr(TokenType, name)
    for name in (
        "STRING",
        "NATIONAL_STRING",
        "RAW_STRING",
        "BIT_STRING",
        "HEX_STRING",
        "BYTE_STRING",
        "HEREDOC_STRING",
        "UNICODE_STRING",
        "IDENTIFIER",
    )
    if hasattr(TokenType, name)
)


def _terminator(text: str, tok: Token, delimiter: str) -> int | None:
    """Where the statement terminator ``delimiter`` starts in ``tok``, or None when it is not one.

    ``;`` is SQLGlot's semicolon token; another delimiter (``//``, ``$$``) is looked for in the text of
    any unquoted token: it may be tokens of its own (``END //``) or glued to a name (``END$$``).
    """
    if delimiter == ";":
        return tok.start if tok.token_type == TokenType.SEMICOLON else None
    if tok.token_type in _QUOTED:
        return None
    found = text.find(delimiter, tok.start, max(tok.end + 1, tok.start + len(delimiter)))
    return None if found < 0 else found


def _directive(tok: Token, dialect: str) -> str | None:
    """``DELIMITER`` (MySQL) or ``\\`` (a psql meta-command, a mariadb client command) when ``tok`` opens such a line."""
    if tok.token_type == TokenType.BACKSLASH:
        return "\\"
    if dialect == "mysql" and tok.text.upper() == "DELIMITER":
        return "DELIMITER"
    return None


def _line_start(offset: int, line_starts: list[int]) -> int:
    return line_starts[bisect.bisect_right(line_starts, offset) - 1]


def _starts_line(text: str, offset: int, line_starts: list[int]) -> bool:
    return not text[_line_start(offset, line_starts) : offset].strip()


def _skip_to(tokens: list[Token], i: int, offset: int) -> int:
    """The index of the first token at or after ``offset``."""
    while i < len(tokens) and tokens[i].start < offset:
        i += 1
    return i


def _emit(out: list[Statement], pieces: list[str], first: Token | None, line_starts: list[int]) -> None:
    if first is not None:
        out.append(Statement("".join(pieces).strip(), bisect.bisect_right(line_starts, first.start)))
