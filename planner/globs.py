"""Glob patterns over repo-relative POSIX paths, with ``**`` spanning directories.

``fnmatch`` lets ``*`` cross ``/`` and has no ``**``; ``PurePath.full_match`` is 3.13+. The
configuration's globs (``exempt``, ``workflows``, ``layers``) need the gitignore-like meaning:
``*`` stays in one path segment, ``**/`` matches zero or more directories.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Protocol


class _Matcher(Protocol):
    def match(self, path: str) -> object: ...


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> _Matcher:
    """Compile ``pattern`` to a matcher of a whole relative path (``.match(path)`` is truthy on a match):
    a regular expression, or for a pattern whose wildcards could make a backtracking regex take
    exponential time (:func:`_risky`), a linear-time automaton (:class:`LinearGlob`)."""
    return _compile(pattern)


def _compile(pattern: str) -> _Matcher:
    pattern = _collapse(pattern)
    if _risky(pattern):
        return LinearGlob(pattern)
    return re.compile(_glob_regex(pattern))


def _collapse(pattern: str) -> str:
    """``**/**/`` means ``**/``: the same paths, without the backtracking of repeated ``**/``."""
    previous = None
    while previous != pattern:
        previous = pattern
        pattern = pattern.replace("**/**/", "**/")
    return pattern


#: More wildcards than this in one glob and a backtracking regex can take exponential time on a
#: path that does not match (``**/a/**/a/...`` against a deep path; ``*a*a*a*b`` on a long name).
MAX_REGEX_WILDCARDS = 2


def _risky(pattern: str) -> bool:
    return len(re.findall(r"\*+", pattern)) > MAX_REGEX_WILDCARDS


class LinearGlob:
    """A glob matched by simulating its automaton over the path: time proportional to the path's
    length times the pattern's, whatever the pattern (no backtracking). Same meaning as the regex."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.tokens: list[tuple[str, str]] = []
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                self.tokens.append(("segments", ""))
                i += 3
            elif pattern.startswith("**", i):
                self.tokens.append(("any", ""))
                i += 2
            elif pattern[i] == "*":
                self.tokens.append(("star", ""))
                i += 1
            elif pattern[i] == "?":
                self.tokens.append(("one", ""))
                i += 1
            elif pattern[i] == "[" and pattern.find("]", i + 1) != -1:
                end = pattern.find("]", i + 1)
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                self.tokens.append(("class", "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"))
                i = end + 1
            else:
                self.tokens.append(("char", pattern[i]))
                i += 1
        self.classes = {body: re.compile(body) for kind, body in self.tokens if kind == "class"}

    def _closure(self, states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
        stack = list(states)
        while stack:
            index, inside = stack.pop()
            if not inside and index < len(self.tokens) and self.tokens[index][0] in ("segments", "any", "star"):
                following = (index + 1, False)
                if following not in states:
                    states.add(following)
                    stack.append(following)
        return states

    def match(self, path: str) -> bool:
        """Returns: True when the whole ``path`` matches."""
        states = self._closure({(0, False)})
        for char in path:
            following: set[tuple[int, bool]] = set()
            for index, inside in states:
                if index >= len(self.tokens):
                    continue
                kind, value = self.tokens[index]
                if kind == "segments":  # (?:[^/]+/)*: inside a segment until its '/'
                    if char != "/":
                        following.add((index, True))
                    elif inside:
                        following.add((index, False))
                elif kind == "any" or (kind == "star" and char != "/"):
                    following.add((index, False))
                elif (
                    (kind == "char" and char == value)
                    or (kind == "one" and char != "/")
                    or (kind == "class" and self.classes[value].match(char))
                ):
                    following.add((index + 1, False))
            if not following:
                return False
            states = self._closure(following)
        return (len(self.tokens), False) in states


def _glob_regex(pattern: str) -> str:
    """The text of :func:`compile_glob`'s regex (tables join several without compiling each)."""
    pattern = _collapse(pattern)
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
                body = pattern[i + 1 : end].replace("\\", "\\\\")
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
        globs, values = cached[1]
    else:
        table = tuple(table)
        globs, values = _compiled_table(table)
        if len(_LAST_TABLE) >= 8:
            _LAST_TABLE.clear()
        _LAST_TABLE[id(table)] = (table, (globs, values))
    found = globs.first(path)
    return None if found is None else values[found]


def table_matcher(table: Iterable[tuple[str, int]]) -> Callable[[str], int | None]:
    """:func:`first_match` of ``table`` as a function of the path alone: for matching many paths."""
    globs, values = _compiled_table(tuple(table))

    def first(path: str) -> int | None:
        found = globs.first(path)
        return None if found is None else values[found]

    return first


#: The last tables' compiled forms by their id, each table kept alive with it (so the id stays
#: its own): planning asks for the same few tables thousands of times, and hashing one each time
#: costs more than the match.
_LAST_TABLE: dict[int, tuple[tuple[tuple[str, int], ...], tuple[_GlobTable, tuple[int, ...]]]] = {}


@lru_cache(maxsize=64)
def _compiled_table(table: tuple[tuple[str, int], ...]) -> tuple[_GlobTable, tuple[int, ...]]:
    return _GlobTable(tuple(pattern for pattern, _ in table)), tuple(value for _, value in table)


class _GlobTable:
    """The globs of a table indexed by their literal prefix (the text before the first wildcard): a
    glob can only match a path that starts with its prefix, so a path is tried against those globs
    alone, in table order, and the first that matches wins, as trying every glob in order would
    find. A table of hundreds of globs (one per package) costs a path a few dictionary look-ups, not
    hundreds of tries."""

    def __init__(self, globs: tuple[str, ...]) -> None:
        self.by_prefix: dict[str, list[tuple[int, _Matcher, str | None]]] = {}
        for number, pattern in enumerate(globs):
            pattern = pattern.rstrip("/")
            prefix = re.split(r"[*?[]", pattern, maxsplit=1)[0]
            below = None if any(c in pattern for c in "*?[") else pattern + "/"  # a plain directory name
            self.by_prefix.setdefault(prefix, []).append((number, _compile(pattern), below))
        self.lengths = sorted({len(prefix) for prefix in self.by_prefix})

    def first(self, path: str) -> int | None:
        """The number (from 0) of the first glob that matches ``path``, else None."""
        candidates: list[tuple[int, _Matcher, str | None]] = []
        for length in self.lengths:
            if length > len(path):
                break
            found = self.by_prefix.get(path[:length])
            if found is not None:
                candidates += found
        if len(self.lengths) > 1:
            candidates.sort(key=lambda candidate: candidate[0])
        for number, matcher, below in candidates:
            if matcher.match(path) or (below is not None and path.startswith(below)):
                return number
        return None
