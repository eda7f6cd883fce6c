"""Glob patterns over repo-relative POSIX paths, with ``**`` spanning directories.

``fnmatch`` lets ``*`` cross ``/`` and has no ``**``; ``PurePath.full_match`` is 3.13+. The
configuration's globs (``exempt``, ``workflows``, ``layers``) need the gitignore-like meaning:
``*`` stays in one path segment, ``**/`` matches zero or more directories.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` to a regular expression matching a whole relative path."""
    return re.compile(_glob_regex(pattern))


def _glob_regex(pattern: str) -> str:
    """The text of :func:`compile_glob`'s regex (tables join several without compiling each)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(pattern[i]))
                i += 1
            else:
                body = pattern[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + r"\Z"


def matches(path: str, pattern: str) -> bool:
    """True when the repo-relative ``path`` matches ``pattern``; a plain directory name (no
    wildcard) also matches everything below it."""
    pattern = pattern.rstrip("/")
    if compile_glob(pattern).match(path):
        return True
    return not any(c in pattern for c in "*?[") and path.startswith(pattern + "/")


def first_match(path: str, table: Iterable[tuple[str, int]]) -> int | None:
    """The value of the first ``(glob, value)`` whose glob matches ``path``, else None."""
    cached = _LAST_TABLE.get(id(table))
    if cached is not None and cached[0] is table:  # the same table object again (one per config field)
        regex, values = cached[1]
    else:
        table = tuple(table)
        regex, values = _compiled_table(table)
        if len(_LAST_TABLE) >= 8:
            _LAST_TABLE.clear()
        _LAST_TABLE[id(table)] = (table, (regex, values))
    found = regex.match(path)
    return values[found.lastindex - 1] if found is not None and found.lastindex else None


def table_matcher(table: Iterable[tuple[str, int]]) -> Callable[[str], int | None]:
    """:func:`first_match` of ``table`` as a function of the path alone: for matching many paths."""
    regex, values = _compiled_table(tuple(table))
    match = regex.match

    def first(path: str) -> int | None:
        found = match(path)
        return values[found.lastindex - 1] if found is not None and found.lastindex else None

    return first


#: The last tables' compiled forms by their id, each table kept alive with it (so the id stays
#: its own): planning asks for the same few tables thousands of times, and hashing one each time
#: costs more than the match.
_LAST_TABLE: dict[int, tuple[tuple[tuple[str, int], ...], tuple[re.Pattern[str], tuple[int, ...]]]] = {}


@lru_cache(maxsize=64)
def _compiled_table(table: tuple[tuple[str, int], ...]) -> tuple[re.Pattern[str], tuple[int, ...]]:
    """One regex for the whole table: a group per glob (its regex, or for a plain directory name
    its prefix), in order. An alternation tries its branches in order, so the group that matches
    is the first glob that matches, as trying them one by one would find."""
    branches = []
    for pattern, _ in table:
        pattern = pattern.rstrip("/")
        branch = _glob_regex(pattern)
        if not any(c in pattern for c in "*?["):
            branch += "|" + re.escape(pattern + "/")
        branches.append(f"({branch})")
    return re.compile("|".join(branches) or "(?!)"), tuple(value for _, value in table)
