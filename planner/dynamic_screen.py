"""Which files planner/dynamic_imports.py must parse: a screen of their bytes, cheap enough to run on every file.

The scan applies it to the bytes it reads (in its worker processes too, which is why this module
imports nothing but ``re``), and keeps the answer with the file's facts: a plan reads each file once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

#: Words that make a file worth parsing for classes 1-4 of planner/dynamic_imports.py (``in`` tests on bytes: far cheaper than one regex).
_TRIGGERS = (
    b"__getattr__",
    b"import_module",
    b"__import__",
    b"lazy_loader",
    b".attach(",
    b"iter_modules",
    b"walk_packages",
    b"sys.modules[",
    b"exec(",
    b"eval(",
    b"compile(",
    b"\\.",
    b"pickle",
    b"\\x80\\x0",  # a pickle's header (protocol 2 or later) spelled in a bytes literal
    b"64decode",  # ``base64.b64decode("gASV...")``, ``decodebytes``: a pickle in base64
    b"decodebytes",
    b"85decode",
    b"b32decode",
    b"\\x1f\\x8b",  # compressed bytes in a literal: gzip, bz2, xz, zlib
    b"BZh",
    b"\\xfd7zXZ",
    b"x\\x9c",
    b"x\\xda",
    b"entry_points",  # ``setup(entry_points=...)``: ``"N8 = tool:Checker"`` names a top-level module with no dot
    b"__package__",  # ``__package__ + ".m1"``: a path folded from known parts (planner/computed_paths.py)
    b"__spec__.parent",
)
#: ``__name__ + ".m1"``, ``f"{__name__}.m1"``, ``__name__.rpartition(".")``: a path built on the module's name
_NAME_BUILT = re.compile(rb"__name__\s*\+|\{__name__\}|__name__\.r?(?:split|partition)|%\s*\(?__name__")


#: A string literal or a comment, roughly (a cheap screen: the file is parsed when one names a module).
_LITERAL = re.compile(
    rb'''"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""|\'\'\'[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*\'\'\''''
    rb"""|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'|#[^\n]*"""
)


#: A module's file by its bare name in a comment or docstring (``# see core.py``): planner/reference_kinds.py's
#: ``BARE_FILE_NAME`` on bytes (this module imports nothing but ``re``).
_BARE_FILE_NAME = re.compile(rb"(?<![\w./-])[A-Za-z_]\w*+\.py(?![\w/~-]|\.\w)")


class Screen(NamedTuple):
    """What makes a file of a checkout worth parsing by ``find_dynamic`` (plain data: the scan's worker processes
    receive it and screen each file as they read it, so a plan reads each file once)."""

    tops: tuple[bytes, ...]  #: ``b"pkg."`` for each top-level name of the checkout
    mention: bytes  #: a regex: a dotted path into the checkout, or ``pkg.`` a name is added to
    folders: tuple[bytes, ...] = ()  #: ``b"pkg/"``: a module's file by its path (``open("pkg/_version.py")``)


def longest_first(names: Iterable[str]) -> list[str]:
    """``names`` for a regex alternation: a longer name before its prefixes, and names of one length in
    their order, so that a set of names gives the same regex in every process (a set's order follows
    string hashes, seeded per process; sympy's ``setup`` and ``sympy`` swapped places from run to run)."""
    return sorted(names, key=lambda name: (-len(name), name))


_QUOTES = (b'"', b"'", b'"/', b"'/")


def dynamic_screen(top_level: Iterable[str]) -> Screen | None:
    """The screen for a checkout's top-level names; None when it has none (nothing to find). The
    same names give the same screen in every process (the facts cache's keys hold it)."""
    ordered = longest_first(top_level)
    if not ordered:
        return None
    names = b"|".join(re.escape(t.encode()) for t in ordered)
    return Screen(
        tuple(t.encode() + b"." for t in ordered),
        # ``"pkg." + name``, ``f"pkg.{name}"``: a path built on it; after an escape (planner/escape_bounds.py decides):
        # ``"loaded:\npkg.mod"``, ``"\x1b[31mpkg.mod"``, ``"x\u0009pkg.mod"``
        rb"(?:(?<![\w.])|(?<=\\[A-Za-z])|(?<=[\d;\[]m)|(?<=\\x[0-9A-Fa-f]{2})|(?<=\\u[0-9A-Fa-f]{4})|(?<=\\[0-7]{3}))"
        rb"(?:" + names + rb")\.[A-Za-z_\"'{%]",
        tuple(t.encode() + b"/" for t in ordered),
    )


def worth_parsing(raw: bytes, screen: Screen) -> bool:
    """Do the bytes of a file show a trigger word, a string or comment naming a dotted path into the
    checkout, a path into one of its packages ending ``.py`` or a file's bare name? Only such files are parsed
    by ``find_dynamic``."""
    return (
        any(word in raw for word in _TRIGGERS)
        or (
            b".py" in raw
            and (
                b'.py"' in raw
                or b".py'" in raw
                or any(folder in raw for folder in screen.folders)
                or _BARE_FILE_NAME.search(raw) is not None
            )
        )
        or any(quote + folder in raw for folder in screen.folders for quote in _QUOTES)  # ``"pkg/mod"``
        or any(q + top[:-1] + q in raw for top in screen.tops for q in (b'"', b"'"))  # ``PKG = "pkg"``: a prefix
        or (b"__name__" in raw and _NAME_BUILT.search(raw) is not None)
        or _prose_mention(raw, screen.tops, re.compile(screen.mention))
    )


def _prose_mention(raw: bytes, tops: tuple[bytes, ...], mention: re.Pattern[bytes]) -> bool:
    """Does a string or comment of ``raw`` name a dotted path into the checkout (code is Rope's)?"""
    if not any(top in raw for top in tops):
        return False
    for match in _LITERAL.finditer(raw):
        chunk = match.group()
        if any(top in chunk for top in tops) and mention.search(chunk) is not None:
            return True
    return False
