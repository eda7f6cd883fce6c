"""Glob patterns over repo-relative POSIX paths, with ``**`` spanning directories.

``fnmatch`` lets ``*`` cross ``/`` and has no ``**``; ``PurePath.full_match`` is 3.13+. The
configuration's globs (``exempt``, ``workflows``, ``layers``) need the gitignore-like meaning:
``*`` stays in one path segment, ``**/`` matches zero or more directories.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol


class _Matcher(Protocol):
    def match(self, path: str) -> object: ...


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> _Matcher:
    """Compile ``pattern`` to a matcher of a whole relative path (``.match(path)`` is truthy on a match):
    a regular expression, or for a pattern whose wildcards could make a backtracking regex take
    exponential time (:func:`_risky`), a linear-time automaton (:class:`LinearGlob`)."""
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
        if _risky(_collapse(pattern)):
            return _SequentialTable(table), tuple(value for _, value in table)  # type: ignore[return-value]
        branch = _glob_regex(pattern)
        if not any(c in pattern for c in "*?["):
            branch += "|" + re.escape(pattern + "/")
        branches.append(f"({branch})")
    return re.compile("|".join(branches) or "(?!)"), tuple(value for _, value in table)


@dataclass(frozen=True)
class _Found:
    lastindex: int


class _SequentialTable:
    """A table holding a glob too risky for one joined regex: each glob tried in order with
    :func:`matches` (the first that matches wins, as with the joined regex); ``match`` answers like
    the joined regex's (``lastindex`` is the 1-based number of the glob)."""

    def __init__(self, table: tuple[tuple[str, int], ...]) -> None:
        self.globs = [pattern for pattern, _ in table]

    def match(self, path: str) -> _Found | None:
        for number, pattern in enumerate(self.globs, 1):
            if matches(path, pattern):
                return _Found(number)
        return None
