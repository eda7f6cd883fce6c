"""Glob patterns over repo-relative POSIX paths, with ``**`` spanning directories.

``fnmatch`` lets ``*`` cross ``/`` and has no ``**``; ``PurePath.full_match`` is 3.13+. The
configuration's globs (``exempt``, ``workflows``, ``layers``) need the gitignore-like meaning:
``*`` stays in one path segment, ``**/`` matches zero or more directories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` to a regular expression matching a whole relative path."""
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
    return re.compile("".join(out) + r"\Z")


def matches(path: str, pattern: str) -> bool:
    """True when the repo-relative ``path`` matches ``pattern``; a plain directory name (no
    wildcard) also matches everything below it."""
    pattern = pattern.rstrip("/")
    if compile_glob(pattern).match(path):
        return True
    return not any(c in pattern for c in "*?[") and path.startswith(pattern + "/")


def first_match(path: str, table: Iterable[tuple[str, int]]) -> int | None:
    """The value of the first ``(glob, value)`` whose glob matches ``path``, else None."""
    for regex, prefix, value in _compiled_table(tuple(table)):
        if regex.match(path) or (prefix and path.startswith(prefix)):
            return value
    return None


@lru_cache(maxsize=64)
def _compiled_table(table: tuple[tuple[str, int], ...]) -> tuple[tuple[re.Pattern[str], str | None, int], ...]:
    return tuple((compile_glob(p.rstrip("/")), None if any(c in p for c in "*?[") else p.rstrip("/") + "/", v)
                 for p, v in table)
