"""Identifier limits of each server, and names derived from user names that always fit them.

PostgreSQL cuts an identifier longer than 63 *bytes* with only a NOTICE (``NAMEDATALEN - 1``): a
derived name such as ``<column>_new`` could silently become the original column's name.
MariaDB/MySQL refuse identifiers longer than 64 *characters*. A derived name that does not fit is
shortened deterministically: the base is cut and a 6-hex digest of the full base keeps it unique.
"""

from __future__ import annotations

import hashlib

from failures import ExitCode
from planner.errors import PlannerError

PG_NAME_MAX_BYTES = 63
MYSQL_NAME_MAX_CHARS = 64


class IdentifierTooLong(PlannerError):
    """A name Guardian must use verbatim (or whose fixed suffix alone) exceeds the server's identifier limit."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, name: str, dialect: str) -> None:
        limit = f"{PG_NAME_MAX_BYTES} bytes" if dialect == "postgres" else f"{MYSQL_NAME_MAX_CHARS} characters"
        super().__init__(
            f"identifier {name[:40]!r}... is longer than the {dialect} limit of {limit}",
            hint="choose a shorter name in [tool.guardian.enums]",
        )


def name_length(name: str, dialect: str) -> int:
    """The length the server counts: UTF-8 bytes on PostgreSQL, characters on MariaDB/MySQL."""
    return len(name.encode("utf-8")) if dialect == "postgres" else len(name)


def name_limit(dialect: str) -> int:
    return PG_NAME_MAX_BYTES if dialect == "postgres" else MYSQL_NAME_MAX_CHARS


def check_name(name: str, dialect: str) -> str:
    """``name`` itself when it fits the server's limit.

    Raises:
        IdentifierTooLong: it does not (the server would cut or refuse it).
    """
    if name_length(name, dialect) > name_limit(dialect):
        raise IdentifierTooLong(name, dialect)
    return name


def fit_name(base: str, suffix: str, dialect: str = "postgres", limit: int | None = None) -> str:
    """``base + suffix`` when it fits; else the base cut (on a character boundary) + ``_<digest>`` + suffix.

    Returns:
        A name of at most the server's limit, the same for the same input.

    Raises:
        IdentifierTooLong: the suffix alone does not leave room for a digest.
    """
    limit = name_limit(dialect) if limit is None else limit
    name = base + suffix
    if name_length(name, dialect) <= limit:
        return name
    tail = f"_{hashlib.sha1(base.encode()).hexdigest()[:6]}{suffix}"
    room = limit - name_length(tail, dialect)
    if room < 1:
        raise IdentifierTooLong(name, dialect)
    cut = base
    while name_length(cut, dialect) > room:
        cut = cut[:-1]
    return cut + tail
