"""The ``from X import a`` statements of the Python source a file's lines hold (a ``python -c``'s, a here-document's:
planner/python_commands.py's :class:`~planner.python_commands.Sources`), each name with its span (issue 13).

``from pkg import cli`` names ``pkg.cli`` with no dotted token: planner/file_references.py lists it (``python-c``) and
codemods/rewrite_config_refs.py rewrites it as Rope rewrites an import (``from pkg import cli_v2 as cli``). A
statement goes on over lines in parentheses or after a backslash (``from pkg import (\\n    util,\\n    cli,\\n)`` in
a here-document, the form formatters write): :class:`SourceImports` reads the source's lines in order and gives the
names of the lines a statement goes on over too, on the line each stands on. Nothing is run: the text is only read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from planner.doctest_text import DOCTEST_LINE
from planner.python_commands import MAX_ESCAPES, close_quote
from planner.python_source import Unparsable, parse_python

__all__ = ["ImportedName", "SourceImports", "doctest_names", "rewrite_c_imports"]

_NAMES = r"[A-Za-z_]\w*(?:[ \t]+as[ \t]+[A-Za-z_]\w*)?(?:[ \t]*,[ \t]*[A-Za-z_]\w*(?:[ \t]+as[ \t]+[A-Za-z_]\w*)?)*"
#: ``from pkg.sub import a, b as c`` (in parentheses or not): the statement's start, at a statement's start
#: (after ``;``, white space, a quote, or a ``\n`` escape); group 1 the module, group 2 the parenthesis, group 3
#: the names on this line (none after ``(`` or before a backslash: ``from pkg import (``, ``from pkg import \\``).
_FROM = re.compile(
    rf"(?:(?<=\\n)|(?<![\w.\\]))from[ \t]+([A-Za-z_][\w.]*)[ \t]+import(?:[ \t]*(\()|[ \t]+)[ \t]*({_NAMES})?"
)
#: A line of a statement that goes on: its names (group 1), then what follows them.
_GOES_ON = re.compile(rf"[ \t]*({_NAMES})?[ \t]*,?[ \t]*")
#: What ends a line whose statement goes on after a backslash: ``from pkg import util, \\``.
_BACKSLASH = re.compile(r"[ \t]*+(?:,[ \t]*+)?\\[ \t]*+")
#: What ends a line of a statement in parentheses that its host file continues (a Makefile's recipe, a shell's
#: ``"..."``, tox.ini: ``from pkg import (\\`` then ``    cli, \\``): Python reads the lines joined.
_JOINED = re.compile(r"\\[ \t]*+")
#: What may follow a statement's names on its line: its end, ``;``, a comment, ``)``, a backslash (a continuation, or
#: a ``\n`` escape of a one-line source), after a ``,`` too.
_TAIL = re.compile(r"[ \t]*+(?:,[ \t]*+)?(?:$|[;#)\\])")
#: A quote that opens a string of a ``-c`` source (escaped as its argument's quote is: ``\\"``), or a comment's ``#``.
_QUOTE = re.compile(rf"\\{{0,{MAX_ESCAPES}}}\"|'|#")
_ITEM = re.compile(r"([A-Za-z_]\w*)(?:[ \t]+as[ \t]+([A-Za-z_]\w*))?")


class ImportedName(NamedTuple):
    """``a`` of ``from X import a as b`` in Python source: ``X.a`` may be a module."""

    source: str  #: ``X``
    name: str  #: ``a``
    alias: str | None  #: ``b``
    start: int  #: where the item (``a as b``) starts in the line
    end: int  #: and ends


def _items(line: str, source: str, start: int, end: int) -> Iterator[ImportedName]:
    for item in _ITEM.finditer(line, start, end):
        yield ImportedName(source, item.group(1), item.group(2), item.start(), item.end())


def _statements(line: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Each ``from X import`` statement (:data:`_FROM`) of the source ``line[start:end]``, not a string's text."""
    real: frozenset[int] | None = None  # where the source's import statements start: read at the first match
    for statement in _FROM.finditer(line, start, end) if "import" in line else ():
        real = _statement_starts(line, start, end) if real is None else real
        if statement.start() in real:  # not ``print('usage: from pkg import cli')``: a string's text, or a comment's
            yield statement


class SourceImports:
    """The names ``from X import ...`` statements import, read line after line (each line's source spans given by
    :class:`~planner.python_commands.Sources`): a statement left open in parentheses (``from pkg import (``) or by
    a backslash goes on on the next line of source, up to its ``)`` (a line of names, a comment or a blank line
    between) or its last backslash. A line that is no such continuation ends the statement, and a line outside
    the source does too."""

    def __init__(self) -> None:
        self.open: tuple[str, str] | None = None  #: the open statement's module and what closes it: ``)`` or ``\``

    def names(self, line: str, spans: list[tuple[int, int]]) -> list[ImportedName]:
        """The names imported on ``line`` whose Python source is ``spans``, in order; the state moves on.

        Returns:
            The names, with their spans on ``line``.
        """
        found: list[ImportedName] = []
        if not spans:
            self.open = None
        for start, end in spans:
            begin = self._goes_on(line, start, end, found) if self.open is not None else start
            if self.open is not None:
                continue  # the whole span was the open statement's
            last = None
            for statement in _statements(line, begin, end):
                if _TAIL.match(line, statement.end(), end) is None:
                    last = None  # ``from pkg import b (``: no statement, whatever follows its names
                    continue
                if statement.group(3):
                    found.extend(_items(line, statement.group(1), statement.start(3), statement.end(3)))
                last = statement
            if last is not None:
                self.open = _left_open(line, last, end)
        return found

    def _goes_on(self, line: str, start: int, end: int, found: list[ImportedName]) -> int:
        """Read ``line[start:end]`` as a line of the open statement: add its names to ``found``; return where the
        statement ends on it (``start`` when the line is no line of the statement: nothing added)."""
        assert self.open is not None
        source, closer = self.open
        names = _GOES_ON.match(line, start, end)
        assert names is not None  # every part is optional
        after = names.end()
        if closer == ")":
            if line.startswith(")", after):
                self.open = None
            elif after < end and line[after] != "#" and _JOINED.fullmatch(line, after, end) is None:
                self.open = None  # no list of names: the statement is not what it seemed
                return start
        elif _BACKSLASH.fullmatch(line, after, end) is None:
            self.open = None
            if after < end and line[after] not in "#;":
                return start
        if names.group(1):
            found.extend(_items(line, source, names.start(1), names.end(1)))
        return after + 1 if self.open is None and line.startswith(")", after) else after


def doctest_names(text: str) -> Iterator[tuple[int, str]]:
    """Each ``X.a`` that a ``from X import a`` of the examples in ``text`` (a docstring) names, with its line's index
    in ``text``: a statement goes on over its ``...`` lines (``>>> from pkg import (`` then ``...     cli,``).

    Yields:
        ``(index, "X.a")``, in order.
    """
    imports = SourceImports()
    for index, line in enumerate(text.split("\n")):
        example = DOCTEST_LINE.match(line)
        for item in imports.names(line, [example.span("code")] if example is not None else []):
            yield index, f"{item.source}.{item.name}"


def _left_open(line: str, statement: re.Match[str], end: int) -> tuple[str, str] | None:
    """Does ``statement``, the last of its span ``line[...:end]``, go on on the next line? Its module and closer."""
    after = statement.end()
    if statement.group(2):  # ``(``: open while no ``)`` follows its names on this line
        rest = line[after:end].partition("#")[0].strip()
        rest = rest[:-1].rstrip() if rest.endswith("\\") else rest  # ``(\\``: the host file joins the lines
        return (statement.group(1), ")") if rest in ("", ",") else None
    if _BACKSLASH.fullmatch(line, after, end) is not None:
        return statement.group(1), "\\"
    return None


def _statement_starts(line: str, start: int, end: int) -> frozenset[int]:
    """The offsets of ``line`` where a ``from`` statement of the source ``line[start:end]`` starts: the import
    statements Python parses there (planner/python_source.py) when the span parses alone, else each ``from`` outside
    the span's quoted strings and comments (:func:`_in_code`: a line of a here-document, an escaped quote)."""
    text = line[start:end]
    indent = len(text) - len(text.lstrip(" \t"))
    try:
        tree = parse_python(text[indent:])
    except Unparsable:
        return frozenset(_in_code(line, start, end))
    base = start + indent
    ascii_text = text.isascii()
    starts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.lineno == 1:
            col = node.col_offset  # UTF-8 bytes
            at = col if ascii_text else len(text[indent:].encode()[:col].decode(errors="ignore"))
            starts.add(base + at)
    return frozenset(starts)


def _in_code(line: str, start: int, end: int) -> Iterator[int]:
    """The offsets of ``from`` statements (:data:`_FROM`) in ``line[start:end]`` outside its quoted strings and its
    comment. Each string closes as planner/python_commands.py's ``close_quote`` closes the ``-c`` argument's (an
    escaped quote at as many backslashes or fewer); one pass over the span, whatever the number of statements."""
    matches = [m.start() for m in _FROM.finditer(line, start, end)]
    position, index = start, 0
    while index < len(matches):
        quote = _QUOTE.search(line, position, end)
        if quote is None:
            yield from matches[index:]
            return
        while index < len(matches) and matches[index] < quote.start():
            yield matches[index]
            index += 1
        if quote.group(0) == "#":
            return
        char = quote.group(0)[-1]
        closed = close_quote(line, quote.end(), quote.group(0) if char == '"' else "'")
        if closed < 0:
            return
        position = line.index(char, closed) + 1
        while index < len(matches) and matches[index] < position:
            index += 1  # inside the string


def rewrite_c_imports(
    line: str, items: list[ImportedName], renames: Mapping[str, str]
) -> tuple[str, list[tuple[str, str]], list[str]]:
    """``line`` with each imported name ``items`` holds (:class:`SourceImports`) rewritten as Rope rewrites an import,
    the local name kept (``from pkg import cli_v2 as cli``), for ``renames`` (old -> new).

    Returns:
        The line, the (old, new) modules rewritten, and the old modules that moved to another package, which
        ``from pkg import ...`` cannot name (left for a person).
    """
    out: list[str] = []
    done: list[tuple[str, str]] = []
    moved: list[str] = []
    position = 0
    for item in items:
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
