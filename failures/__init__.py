"""The bottom layer: the exit-code table and the one base of every error Guardian raises.

Every package (``planner``, ``rollback``, ``codemods``, ``guardian``) derives its errors from
:class:`Failure`, and each error class says which :class:`ExitCode` it ends the command with. The
command line (``guardian/cli.py``) catches ``Failure`` and exits with that code; nothing else maps
errors to codes. This package imports nothing of the others (``.importlinter``).
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """What the ``guardian`` process exits with (README "Exit codes", docs/cli.md)."""

    OK = 0
    #: an internal error: a bug (the message says so; ``-v`` shows the traceback)
    BUG = 1
    #: ``guardian check`` found a problem (as linters do); the same number as BUG
    FINDINGS = 1
    #: a usage or configuration error, unreadable input
    USAGE = 2
    #: plan conflicts, a closed gate, a refused batch or a failed validation
    CONFLICT = 3
    #: drift or a journal conflict on revert
    DRIFT = 4
    #: Ctrl-C: the command stopped at a safe point and said which batches are applied
    INTERRUPTED = 130


class Failure(Exception):
    """Base of every Guardian error: a one-line ``message``, an optional ``hint``, an ``exit_code``.

    A subclass sets ``exit_code`` to a member of :class:`ExitCode` (a plain number is checked
    against the table when the class is created: an undocumented code is refused at import).
    """

    exit_code: int = ExitCode.BUG

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.exit_code = ExitCode(cls.exit_code)

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.hint = one_line(hint) if isinstance(hint, str) else hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


#: The longest message or hint an error prints: what it quotes of the input (a configuration value, a
#: generated name, a file's line) is cut to fit, so a 100 MB value makes no 100 MB "one-line" error.
MAX_MESSAGE = 600
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` as one line of at most about ``limit`` characters: its start and its end, the middle cut
    (and said so), line breaks shown as `` / ``. No word is cut in two at the cut: a part of a token (a
    DSN's password) the redaction would no longer recognise is dropped whole."""
    if len(text) > limit:
        head, tail = text[: limit * 2 // 3], text[len(text) - limit // 3 :]
        if not text[len(head)].isspace():  # the cut goes through a word: drop its first part
            head = head[: max(head.rfind(" "), 0)]
        if not text[len(text) - len(tail) - 1].isspace():
            tail = tail[tail.find(" ") :] if " " in tail else ""
        text = f"{head} [... {len(text) - len(head) - len(tail)} characters cut ...]{tail}"
    return _LINE_BREAKS.sub(" / ", text) if not text.isprintable() else text


def too_long(exc: ValueError) -> str:
    """The one-line reason of the ``ValueError`` a JSON or TOML reader raises on an integer of thousands
    of digits (Python's int-conversion limit): ``Exceeds the limit (4300 digits) ...: value has N digits``."""
    return f"a number too long to read ({str(exc).split(';')[0]})"


__all__ = ["MAX_MESSAGE", "ExitCode", "Failure", "one_line", "too_long"]
