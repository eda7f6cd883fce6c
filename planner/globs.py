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
    """True when the repo-relative ``path`` matches ``pattern``; a pattern ending in ``/`` or naming a
    directory also matches everything below it."""
    regex = compile_glob(pattern.rstrip("/"))
    if regex.match(path):
        return True
    parts = path.split("/")
    return any(regex.match("/".join(parts[:n])) for n in range(1, len(parts)))


def first_match(path: str, table: Iterable[tuple[str, int]]) -> int | None:
    """The value of the first ``(glob, value)`` whose glob matches ``path``, else None."""
    for pattern, value in table:
        if matches(path, pattern):
            return value
    return None
