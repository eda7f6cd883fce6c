"""The one SQL statement splitter: a script into statements, on SQLGlot's own semicolon tokens.

Quotes, ``$$`` bodies and comments never split a statement, because SQLGlot's tokenizer for the
dialect decides what is a semicolon. psql meta-command lines (``\\restrict KEY``) are not SQL and are
blanked. Each statement keeps the line of its first code line, for ``file:line`` messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

from planner.errors import InputError
from planner.schema.normalize import SQLGLOT_DIALECT


@dataclass(frozen=True)
class Statement:
    """One statement of a script, without its terminator, and the line its code starts on."""

    text: str
    line: int


def split_statements(text: str, dialect: str, shown: str) -> list[Statement]:
    """Split a script into statements on top-level semicolons, dropping psql meta-command lines.

    Returns:
        The statements with their first line number.

    Raises:
        InputError: the tokenizer fails (an unterminated string or quote), naming the line.
    """
    # pg_dump >= 15.14 writes `\restrict KEY`: psql meta-commands are not SQL; blank them (keep lines).
    lines = ["" if line.lstrip().startswith("\\") else line for line in text.split("\n")]
    text = "\n".join(lines)
    try:
        tokens = sqlglot.Dialect.get_or_raise(SQLGLOT_DIALECT[dialect]).tokenize(text)
    except sqlglot.errors.TokenError as exc:
        line = _line_of_error(str(exc)) or 1
        raise InputError(
            shown,
            f"cannot tokenize SQL: {str(exc).splitlines()[0][:120]}",
            line=line,
            hint="look for an unterminated quote or dollar-quoted body",
        ) from None
    out: list[Statement] = []
    start = 0
    offsets = [0]
    for source_line in lines:
        offsets.append(offsets[-1] + len(source_line) + 1)
    for tok in [*tokens, None]:
        if tok is not None and tok.token_type != TokenType.SEMICOLON:
            continue
        end = tok.start if tok is not None else len(text)
        chunk = text[start:end]
        begin = start
        start = tok.end + 1 if tok is not None else len(text)
        if not _code(chunk):
            continue
        first = begin + (len(chunk) - len(chunk.lstrip()))
        # skip leading comment lines when computing the line of the statement
        stripped = chunk.lstrip()
        while stripped.startswith("--"):
            nl = stripped.find("\n")
            if nl < 0:
                break
            first += nl + 1 + (len(stripped[nl + 1 :]) - len(stripped[nl + 1 :].lstrip()))
            stripped = stripped[nl + 1 :].lstrip()
        line_no = next(i for i, off in enumerate(offsets) if off > first)
        out.append(Statement(chunk.strip(), line_no))
    return out


def _code(chunk: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in chunk.splitlines())


def _line_of_error(message: str) -> int | None:
    found = re.search(r"[Ll]ine[: ]+(\d+)", message)
    return int(found.group(1)) if found else None
