"""A ``python`` command line inside a file a tool runs (a shell script, a Makefile's recipe, a CI step): where its
``-m`` runs a module, and the Python source its ``-c`` runs, read once per line (issue 13).

``python -m pkg.cli`` names the module to run. The line is split into its words once and walked from each
``python`` word over its options (``-X dev``, ``-W ignore``, ``-m mod``) to each ``-m``: a line of thousands of
``-m a`` (review 22's attack on apply) is read in time linear in its length, where a search of the line's
prefix for each match took time growing with its square.

``python -c "from pkg import cli; cli.main()"`` imports a module no dotted token names: :func:`from_imports`
finds each ``from X import a`` in the source, which planner/references.py lists (``python-c``) and
codemods/rewrite_config_refs.py rewrites as Rope rewrites an import (``from pkg import cli_v2 as cli``). The
source is the argument after ``-c``: quoted (``"..."`` with its backslash escapes, ``'...'``, ``\\"...\\"``
inside a JSON string or a double-quoted ``sh -c``), a bare word, or the next string of an exec form's list
(``["python", "-c", "..."]``). Nothing is run: the text is only read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

__all__ = ["ImportedName", "c_sources", "from_imports", "python_m_starts", "rewrite_c_imports"]

_WORD = re.compile(r"\S+")
#: A word that ends with the interpreter's name: ``python``, ``python3.12``, ``/usr/bin/python3``, ``"python``.
_PYTHON = re.compile(r"(?<!\w)python[\d.]*(?:\.exe)?$")
_OPTION = re.compile(r"-\w+")
#: The exec form's list (a Dockerfile's ``CMD ["python", "-m", "pkg.mod"]``, a JSON ``"args"``), up to the
#: opening quote of the module's string.
_PYTHON_M_LIST = re.compile(r"\"python[\d.]*\"\s*,\s*(?:\"-\w+\"\s*,\s*)*\"-m\"\s*,\s*\"")
_PYTHON_C_LIST = re.compile(r"\"python[\d.]*\"\s*,\s*(?:\"-\w+\"\s*,\s*)*\"-c\"\s*,\s*\"")
#: ``from pkg.sub import a, b as c`` (in parentheses or not): the statement's start, at a statement's start
#: (after ``;``, white space, a quote, or a ``\n`` escape); group 1 the module, group 2 the names.
_FROM = re.compile(
    r"(?:(?<=\\n)|(?<![\w.\\]))from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]+\(?[ \t]*"
    r"([A-Za-z_]\w*(?:[ \t]+as[ \t]+[A-Za-z_]\w*)?(?:[ \t]*,[ \t]*[A-Za-z_]\w*(?:[ \t]+as[ \t]+[A-Za-z_]\w*)?)*)"
)
#: The deepest escaping of a quote read (``\\\\\\"``: three levels of nested strings); a deeper one is no quote.
_MAX_ESCAPES = 7
_ITEM = re.compile(r"([A-Za-z_]\w*)(?:[ \t]+as[ \t]+([A-Za-z_]\w*))?")


def python_m_starts(line: str) -> frozenset[int]:
    """The offsets of ``line`` where a module ``python -m`` runs may start: after each ``-m`` among a
    ``python`` word's options (``python -X dev -m pkg.cli``, ``-mpkg.cli``), and after an exec form's
    ``"python", "-m", "``. What the patterns ``python[\\d.]*\\s+(?:-\\w+\\s+(?:[^-\\s]\\S*\\s+)?)*-m\\s*$`` and
    ``"python", ("-\\w+", )* "-m", "$`` match at the end of the line's prefix.

    Returns:
        The offsets; each word is read once, whatever the number of ``python`` words and options.
    """
    if "python" not in line:
        return frozenset()
    starts: set[int] = set()
    for words, at in _walk(line):
        word_start, word_end = words[at]
        if line.startswith("-m", word_start, word_end):
            after = word_start + 2
            starts.add(words[at + 1][0] if after == word_end and at + 1 < len(words) else after)
    if '"-m"' in line:
        starts.update(match.end() for match in _PYTHON_M_LIST.finditer(line))
    return frozenset(starts)


def _walk(line: str) -> Iterator[tuple[list[tuple[int, int]], int]]:
    """The words of ``line`` and, for each word of a ``python`` word's options (``-X dev -m mod -c src``), its
    index; each word is reached once."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(line)]
    seen: set[int] = set()  # a word an earlier walk reached: the walk from it is the same
    for index, (start, end) in enumerate(words):
        if "python" not in line[start:end] or _PYTHON.search(line, start, end) is None:
            continue
        at = index + 1
        while at < len(words) and at not in seen:
            seen.add(at)
            yield words, at
            word_start, word_end = words[at]
            if _OPTION.fullmatch(line, word_start, word_end) is None:
                break
            at += 1
            if at + 1 < len(words) and not line.startswith("-", words[at][0]):  # the option's value
                at += 1


def _argument(line: str, start: int) -> tuple[int, int]:
    """The span of the shell word that starts at ``start``, inside its quotes: ``"..."`` (a backslash escapes
    the next character), ``'...'``, an escaped quote (``\\"...\\"`` in a JSON string or a double-quoted ``sh -c``,
    ``\\\\\\"...\\\\\\"`` one level deeper: up to the next quote escaped as many times or fewer), or up to the next
    white space. An unclosed quote runs to the line's end."""
    level = 0
    while line.startswith("\\", start + level):
        level += 1
    if level % 2 and level <= _MAX_ESCAPES and line.startswith('"', start + level):
        at = start + level + 1
        while True:
            at = line.find('"', at)
            if at < 0:
                return start + level + 1, len(line)
            run = at
            while run > start + level + 1 and line[run - 1] == "\\":
                run -= 1
            if at - run <= level:  # as many backslashes (the closing quote) or fewer (the enclosing string's)
                return start + level + 1, run
            at += 1
    quote = line[start : start + 1]
    if quote == "'":
        end = line.find("'", start + 1)
        return start + 1, len(line) if end < 0 else end
    if quote == '"':
        at = start + 1
        while at < len(line):
            if line[at] == "\\":
                at += 2
                continue
            if line[at] == '"':
                return start + 1, at
            at += 1
        return start + 1, len(line)
    match = _WORD.match(line, start)
    return start, start if match is None else match.end()


def c_sources(line: str) -> list[tuple[int, int]]:
    """The spans of ``line`` that hold the Python source a ``python -c`` runs (quotes excluded), in order: after
    a ``python`` word's ``-c`` (``python3 -X dev -c "..."``, ``-c'...'``) and an exec form's ``"python", "-c",
    "..."``. Linear in the line's length.

    Returns:
        ``(start, end)`` offsets.
    """
    if "-c" not in line or "python" not in line:
        return []
    spans: list[tuple[int, int]] = []
    for words, at in _walk(line):
        word_start, word_end = words[at]
        if line.startswith("-c", word_start, word_end):  # ``-c`` ends the interpreter's options
            after = word_start + 2
            if after == word_end:
                if at + 1 >= len(words):
                    continue
                after = words[at + 1][0]
            spans.append(_argument(line, after))
    for match in _PYTHON_C_LIST.finditer(line) if '"-c"' in line else ():
        spans.append(_argument(line, match.end() - 1))
    return sorted(set(spans))


class ImportedName(NamedTuple):
    """``a`` of ``from X import a as b`` in Python source: ``X.a`` may be a module."""

    source: str  #: ``X``
    name: str  #: ``a``
    alias: str | None  #: ``b``
    start: int  #: where the item (``a as b``) starts in the line
    end: int  #: and ends


def from_imports(line: str, start: int, end: int) -> Iterator[ImportedName]:
    """Each name of each ``from X import ...`` statement in ``line[start:end]`` (a ``-c`` source's span), in
    order. Relative imports (``from . import a``) name no module Guardian can place without a file: none.

    Yields:
        The names, with their items' spans.
    """
    for statement in _FROM.finditer(line, start, end) if "import" in line else ():
        source = statement.group(1)
        for item in _ITEM.finditer(line, statement.start(2), statement.end(2)):
            yield ImportedName(source, item.group(1), item.group(2), item.start(), item.end())


def rewrite_c_imports(line: str, renames: Mapping[str, str]) -> tuple[str, list[tuple[str, str]], list[str]]:
    """``line`` with each ``from pkg import cli`` of its ``python -c`` sources rewritten as Rope rewrites an import,
    the local name kept (``from pkg import cli_v2 as cli``), for ``renames`` (old module -> new).

    Returns:
        The line, the (old, new) modules rewritten, and the old modules that moved to another package, which
        ``from pkg import ...`` cannot name (left for a person).
    """
    out: list[str] = []
    done: list[tuple[str, str]] = []
    moved: list[str] = []
    position = 0
    for start, end in c_sources(line):
        for item in from_imports(line, start, end):
            old = f"{item.source}.{item.name}"
            new = renames.get(old)
            if new is None or item.start < position:
                continue
            parent, _, tail = new.rpartition(".")
            if parent != item.source:
                moved.append(old)
                continue
            out.append(f"{line[position : item.start]}{tail} as {item.alias or item.name}")
            position = item.end
            done.append((old, new))
    return ("".join(out) + line[position:] if out else line), done, moved
