"""Shared pieces of the per-dialect ENUM SQL builders: steps, identifiers, rendering with a fixpoint check."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

import sqlglot
from sqlglot import TokenType, exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.tokens import Tokenizer

from codemods.errors import CodemodError
from failures import ExitCode
from planner.schema.names import IdentifierTooLong, fit_name

__all__ = [
    "IdentifierTooLong",
    "SqlStep",
    "comment",
    "derived_name",
    "dollar_quote",
    "helper_name",
    "ident",
    "literal",
    "qualified",
    "render",
    "statement",
]

logging.getLogger("sqlglot").setLevel(logging.ERROR)

SUPPORTED_DIALECTS = ("postgres", "mysql")
PREFIX = "_em_"
PG_NAME_MAX = 63
_PG_TOKENIZER = Postgres.Tokenizer()
_PLAIN = re.compile(r"^[a-z_][a-z0-9_]*$")
_KEYWORDS = {k.upper() for k in Tokenizer.KEYWORDS} | {
    "USER",
    "ORDER",
    "GROUP",
    "TABLE",
    "CHECK",
    "DEFAULT",
    "KEY",
    "INDEX",
    "DESC",
    "ASC",
    "SELECT",
}


class UnsupportedDialect(CodemodError):
    """SQL generation was asked for a dialect it has no builder for (never transpiled: exit 2)."""

    exit_code = ExitCode.USAGE

    def __init__(self, dialect: str) -> None:
        super().__init__(
            f"--dialect {dialect}: no ENUM SQL builder for this dialect",
            hint=f"use one of: {', '.join(SUPPORTED_DIALECTS)} (SQLite enums are TEXT + CHECK: migrate by hand)",
        )


class RenderError(CodemodError):
    """A built statement does not survive render -> parse -> render (SQLGlot dropped something): a bug."""

    exit_code = ExitCode.BUG


@dataclass(frozen=True)
class SqlStep:
    """One numbered migration step: ``NNN_<name>.up.sql`` and ``NNN_<name>.down.sql``."""

    number: int
    name: str
    up: str
    down: str
    dialect: str

    @property
    def stem(self) -> str:
        return f"{self.number:03d}_{self.name}"


def ident(name: str, dialect: str) -> str:
    """A correctly quoted identifier: plain lower-case names stay bare, everything else is quoted.

    Returns:
        SQL text (``"it's"`` on PostgreSQL, ```it's``` on MySQL).
    """
    quoted = not _PLAIN.match(name) or name.upper() in _KEYWORDS
    return exp.to_identifier(name, quoted=quoted).sql(_glot(dialect))


def identifier(name: str) -> exp.Identifier:
    """The SQLGlot identifier node for ``name``, quoted when needed."""
    return exp.to_identifier(name, quoted=not _PLAIN.match(name) or name.upper() in _KEYWORDS)


def table_node(schema: str, name: str) -> exp.Table:
    """A (schema-qualified) table node with quoting decided per part."""
    return exp.Table(this=identifier(name), db=identifier(schema) if schema else None)


def qualified(schema: str, name: str, dialect: str) -> str:
    return table_node(schema, name).sql(_glot(dialect))


def literal(value: str, dialect: str) -> str:
    """A string literal with quotes escaped for ``dialect`` (on PostgreSQL, ``E'...'`` when it holds a
    backslash: see :func:`setting_proof`)."""
    return setting_proof(exp.Literal.string(value).sql(_glot(dialect)), dialect)


def setting_proof(text: str, dialect: str) -> str:
    r"""``text`` with every PostgreSQL string literal holding a backslash written ``E'...'`` (``\\`` and
    ``''`` escaped), which means the same whatever ``standard_conforming_strings`` is. Under ``off`` (set
    per database or role, ``PGOPTIONS``, a legacy server) a plain ``'a\'`` ends at the next quote, and
    the next label's text became code (issue 11, review 12). The files set it ``on`` first, but a
    function's body is parsed again under the setting of each session that calls it. (Done on the text
    SQLGlot rendered: its parser takes no ``E'...'`` where PostgreSQL wants a string, ``AS ENUM (...)``.)

    Returns:
        The text; unchanged when no plain string literal holds a backslash.
    """
    if dialect != "postgres" or "\\" not in text:
        return text
    out, pos = [], 0
    for token in _PG_TOKENIZER.tokenize(text):
        if token.token_type == TokenType.STRING and "\\" in token.text:
            escaped = token.text.replace("\\", "\\\\").replace("'", "''")
            out += [text[pos : token.start], f"E'{escaped}'"]
            pos = token.end + 1
    return "".join(out) + text[pos:]


def helper_name(*parts: str, limit: int = PG_NAME_MAX) -> str:
    """A Guardian helper object name (``_em_orderstatus_fwd``): safe characters, at most ``limit`` bytes.

    Returns:
        The name; a short hash keeps it unique when parts had to be cleaned or cut.
    """
    raw = "_".join(parts)
    clean = re.sub(r"[^a-z0-9_]", "_", raw.lower())
    name = PREFIX + clean
    if clean != raw or len(name.encode()) > limit:
        digest = hashlib.sha1(raw.encode()).hexdigest()[:6]
        name = f"{PREFIX}{clean[: limit - len(PREFIX) - 8]}_{digest}"
    return name


def derived_name(base: str, suffix: str, limit: int = PG_NAME_MAX, *, chars: bool = False) -> str:
    """``base + suffix`` within the server's identifier limit (bytes on PostgreSQL, ``chars`` on MariaDB).

    Returns:
        The name, shortened deterministically (cut base + digest + suffix) when it would not fit.

    Raises:
        IdentifierTooLong: the suffix alone leaves no room (exit 3).
    """
    return fit_name(base, suffix, "mysql" if chars else "postgres", limit)


def dollar_quote(body: str, tag: str) -> str:
    """``$tag$body$tag$`` with a tag that does not occur in ``body`` (``$fn$``, else ``$fn1$``, ``$fn2$``...).

    A label or identifier holding ``$fn$`` would otherwise end the quoted body and turn the rest of
    it into statements (issue 11, finding 4). The tag is also checked across the body's end
    (a body ending in ``$fn`` would close early on ``$fn$fn$``).

    Returns:
        The quoted body.
    """
    for n in range(len(body) + 2):
        quote = f"${tag}{n or ''}$"
        if (body + quote).find(quote) == len(body):
            return f"{quote}{body}{quote}"
    raise AssertionError("unreachable: a body cannot contain len(body) + 2 distinct tags")


def comment(text: str) -> str:
    """Text safe inside a ``--`` comment line: line breaks and other control characters escaped.

    A table or type name holding a newline would otherwise end the comment and start a statement.

    Returns:
        One line.
    """
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _glot(dialect: str) -> str:
    return "postgres" if dialect == "postgres" else "mysql"


def render(node: exp.Expr, dialect: str) -> str:
    """Render a built statement, checking the render -> parse -> render fixpoint.

    Returns:
        The SQL text (functions never upper-cased: ``normalize_functions=False``).

    Raises:
        RenderError: the re-parsed statement renders differently (an argument was silently dropped).
    """
    glot = _glot(dialect)
    text = node.sql(glot, normalize_functions=False)
    _one_statement([node], text)
    if isinstance(node, exp.Command):
        return text
    try:
        again = _one_statement(sqlglot.parse(text, read=glot), text).sql(glot, normalize_functions=False)
    except sqlglot.errors.SqlglotError as exc:
        raise RenderError(
            f"generated SQL does not re-parse: {text[:120]}: {exc}",
            hint="this is a bug in the ENUM SQL builder, please report it",
        ) from None
    if again != text:
        raise RenderError(
            f"generated SQL is not stable under re-parsing: {text[:120]} -> {again[:120]}",
            hint="this is a bug in the ENUM SQL builder, please report it",
        )
    return setting_proof(text, dialect)


def parse(text: str, dialect: str) -> exp.Expr:
    """Parse a statement template whose variable parts were quoted with :func:`ident`/:func:`literal`.

    Returns:
        The SQLGlot expression.
    """
    nodes = sqlglot.parse(text, read=_glot(dialect))
    return _one_statement(nodes, text)


def _one_statement(nodes: list[exp.Expr | None], text: str) -> exp.Expr:
    """The single statement of ``nodes``; several (or an ``exp.Block``) mean an identifier left unquoted.

    Raises:
        RenderError: ``text`` is not exactly one statement (review 14: a backtick in a MariaDB index column).
    """
    if len(nodes) != 1 or nodes[0] is None or isinstance(nodes[0], exp.Block):
        raise RenderError(
            f"generated SQL is not exactly one statement: {text[:120]}",
            hint="this is a bug in the ENUM SQL builder (a name was not quoted), please report it",
        )
    return nodes[0]


def statement(text: str, dialect: str) -> str:
    """Parse a template and render it back through SQLGlot with the fixpoint check.

    Returns:
        SQL text.
    """
    return render(parse(text, dialect), dialect)


#: How every file says it is UTF-8: a client left in a multibyte encoding where a byte >= 0x81 starts a
#: two-byte character (GBK, BIG5, SJIS: ``PGCLIENTENCODING``, a terminal's locale,
#: ``mariadb --default-character-set``) would read a label's last byte and the quote or backslash after it
#: as one character, leaving the quote open (issue 11). psql lexes the lines after ``SET client_encoding``
#: in UTF-8. The mariadb client does not change how it lexes on ``SET NAMES`` (only the server's side); its
#: own command ``\C`` does both, and is the first line of a MySQL file, before any byte that is not ASCII:
#: it is read as a command in every mode (``--binary-mode`` too, where ``charset`` is not) and by every
#: client charset (the ones that are not ASCII-compatible, ucs2 and utf16/32, cannot be a client's).
ENCODING = {"postgres": "SET client_encoding = 'UTF8';", "mysql": "\\C utf8mb4"}

#: The second statement of every PostgreSQL file: under ``standard_conforming_strings = off`` (set per
#: database or role, ``PGOPTIONS``, a legacy server) a backslash in a plain ``'...'`` escapes the quote
#: after it. Literals holding one are written ``E'...'`` besides (see :func:`literal`).
CONFORMING = "SET standard_conforming_strings = on;"


def header(step: str, direction: str, dialect: str, summary: str) -> list[str]:
    """The head of every file: the comment block (``-- dialect:`` its first line), and how the file says
    it is UTF-8 (:data:`ENCODING`) before any text that is not ASCII. PostgreSQL's statement follows the
    comments (their lines are ASCII up to the summary, which a client reads to its line end in any
    encoding); the mariadb client's command is the line before them, the file's very first."""
    mysql = _glot(dialect) == "mysql"
    return [
        *([ENCODING["mysql"]] if mysql else []),
        f"-- dialect: {dialect}",
        f"-- step: {step} ({direction})",
        f"-- {comment(summary)}",
        "-- generated by `guardian enums sql`; re-runnable after a failure part-way",
        "",
        *([] if mysql else [ENCODING["postgres"], CONFORMING]),
    ]
