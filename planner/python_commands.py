"""A ``python`` command line inside a file a tool runs (a shell script, a Makefile's recipe, a CI step): where its
``-m`` runs a module, and the Python source its ``-c`` runs, read once per line (issue 13).

``python -m pkg.cli`` names the module to run. The line is split into its words once and walked from each
``python`` word over its options (``-u``, ``-X dev``, ``-W ignore``) up to the word that names the program
(:func:`option_step`): ``-m mod``, ``-c src`` or a script's path. Every word after it is the program's own
argument: ``python -m pytest -m slow`` runs pytest with a marker expression, ``python tools/bench.py -m slow``
passes the script an option; neither ``slow`` is a module (review 26). A line of thousands of ``-m a``
(review 22's attack on apply) is read in time linear in its length, where a search of the line's prefix for
each match took time growing with its square. A list of arguments (``[sys.executable, "-m", "tool"]``) is
walked by the same rule (:func:`run_module_index`).

``python -c "from pkg import cli; cli.main()"`` imports a module no dotted token names: planner/source_imports.py
finds each ``from X import a`` in the source, which planner/file_references.py lists (``python-c``) and
codemods/rewrite_config_refs.py rewrites as Rope rewrites an import (``from pkg import cli_v2 as cli``). The
source is the argument after ``-c``: quoted (``"..."`` with its backslash escapes, ``'...'``, ``\\"...\\"``
inside a JSON string or a double-quoted ``sh -c``), a bare word, or the next string of an exec form's list
(``["python", "-c", "..."]``). Nothing is run: the text is only read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

__all__ = [
    "MAX_ESCAPES",
    "Sources",
    "c_sources",
    "close_quote",
    "mentions_python",
    "may_run_source",
    "option_step",
    "python_m_starts",
    "run_module_index",
]

_WORD = re.compile(r"\S+")
#: A word that ends with the interpreter's name: ``python``, ``python3.12``, ``/usr/bin/python3``, ``"python``, ``pypy3``.
_PYTHON = re.compile(r"(?<!\w)(?:python|pypy)[\d.]*(?:\.exe)?$")
#: A word that is a variable's value (Make's ``$(PYTHON)``, the shell's ``"${PYTHON:-python3}"``, ``$PYTHON``):
#: the interpreter when its name (group 1, 2 or 3) holds ``python``.
_VARIABLE = re.compile(r"[\"']?\$(?:\{(\w+)(?::?[-=+?][^}\s]*)?\}|\((\w+)\)|(\w+))[\"']?")
#: What a line naming the interpreter holds (``python3``, ``$(PYTHON)``, ``pypy3``): a cheap screen.
_NAMED = re.compile(r"python|pypy", re.IGNORECASE)
#: A word of short options run together up to ``-c`` or ``-m`` (group 1): ``-Bc``, ``-Im``, ``-c``, ``-m``.
_FLAGS = re.compile(r"-[bBdEhiIOPqRsSuvx]*([cm])")
_C_SCREEN = re.compile(r"-[bBdEhiIOPqRsSuvx]*c")
_C_SCREEN_BYTES = re.compile(_C_SCREEN.pattern.encode())
_OPTION = re.compile(r"-\w+")
#: An option that takes a value (group 1 empty: the next word, ``-X dev``, ``-W ignore``; or ``-Xdev``), after
#: short options run together (``-uX dev``).
_VALUED = re.compile(r"-[bBdEhiIOPqRsSuvx]*[XW](\S*)")
#: The exec form's list (a Dockerfile's ``CMD ["python", "-m", "pkg.mod"]``, a JSON ``"args"``), up to the
#: opening quote of the module's string.
_PYTHON_M_LIST = re.compile(r"\"python[\d.]*\"\s*,\s*(?:\"-\w+\"\s*,\s*)*\"-m\"\s*,\s*\"")
_PYTHON_C_LIST = re.compile(r"\"python[\d.]*\"\s*,\s*(?:\"-\w+\"\s*,\s*)*\"-c\"\s*,\s*\"")
#: The deepest escaping of a quote read (``\\\\\\"``: three levels of nested strings); a deeper one is no quote.
MAX_ESCAPES = 7


def mentions_python(text: str) -> bool:
    """May ``text`` name the interpreter (``python3``, ``$(PYTHON)``, ``pypy3``)? A screen before a line is read."""
    return _NAMED.search(text) is not None


def may_run_source(text: str | bytes) -> bool:
    """May ``text`` hold a ``-c`` option (``-c``, ``-Bc``) or a here-document? A screen before a file is read."""
    if isinstance(text, bytes):
        return b"<<" in text or _C_SCREEN_BYTES.search(text) is not None
    return "<<" in text or _C_SCREEN.search(text) is not None


def _python_word(line: str, start: int, end: int) -> bool:
    """Is the word ``line[start:end]`` the interpreter: its name (``/usr/bin/python3``, ``pypy3``) or a variable
    named for it (``$(PYTHON)``, ``"${PYTHON:-python3}"``)?"""
    if _NAMED.search(line, start, end) is None:
        return False
    if _PYTHON.search(line, start, end) is not None:
        return True
    variable = _VARIABLE.fullmatch(line, start, end)
    return variable is not None and "python" in (variable.group(1) or variable.group(2) or variable.group(3)).lower()


def _flag(line: str, start: int, end: int, letter: str) -> int:
    """Where the value of option ``letter`` (``c``, ``m``) starts in the word ``line[start:end]`` (``-c``, ``-Bc``,
    ``-mpkg.cli``: after the letter), or -1 when the word is no such option."""
    match = _FLAGS.match(line, start, end)
    return match.end() if match is not None and match.group(1) == letter else -1


def option_step(word: str | None) -> int:
    """How far the interpreter's options go on from ``word``, one of the words after the interpreter read in
    order: 1 past an option (``-u``, ``-I``, ``-Xdev``), 2 past an option and its value (``-X dev``, ``-W
    ignore``), 0 when ``word`` names the program: ``-m`` (``-Im``, ``-mpkg.cli``) or ``-c`` with what follows,
    a script's path, ``-``, a long option, or a word not known (``None``: a variable's value in a list). Every
    word after the program's name is its own argument, not the interpreter's."""
    if word is None or _FLAGS.match(word) is not None:
        return 0
    valued = _VALUED.fullmatch(word)
    if valued is not None:
        return 1 if valued.group(1) else 2
    return 1 if _OPTION.fullmatch(word) is not None else 0


def run_module_index(words: Sequence[str | None], interpreter: int) -> int | None:
    """The index among ``words`` (a list of arguments; ``None`` for one not a string) of the module the
    interpreter at ``interpreter`` runs: the word after its ``-m`` (``-Im``) among its options, or ``None``
    (``[sys.executable, "-m", "pytest", "-m", "slow"]``: ``pytest``; ``[sys.executable, script, "-m", "slow"]``:
    none)."""
    at = interpreter + 1
    while at < len(words):
        word = words[at]
        flags = _FLAGS.fullmatch(word) if word is not None else None
        if flags is not None and flags.group(1) == "m":
            return at + 1 if at + 1 < len(words) else None
        step = option_step(word)
        if step == 0:
            return None
        at += step
    return None


def python_m_starts(line: str) -> frozenset[int]:
    """The offsets of ``line`` where a module ``python -m`` runs may start: after each ``-m`` among a
    ``python`` word's options (``python -X dev -m pkg.cli``, ``-mpkg.cli``), and after an exec form's
    ``"python", "-m", "``. What the patterns ``python[\\d.]*\\s+(?:-\\w+\\s+(?:[^-\\s]\\S*\\s+)?)*-m\\s*$`` and
    ``"python", ("-\\w+", )* "-m", "$`` match at the end of the line's prefix.

    Returns:
        The offsets; each word is read once, whatever the number of ``python`` words and options.
    """
    if not mentions_python(line):
        return frozenset()
    starts: set[int] = set()
    for words, at in _walk(line):
        word_start, word_end = words[at]
        after = _flag(line, word_start, word_end, "m")
        if after >= 0:
            starts.add(words[at + 1][0] if after == word_end and at + 1 < len(words) else after)
    if '"-m"' in line:
        starts.update(match.end() for match in _PYTHON_M_LIST.finditer(line))
    return frozenset(starts)


def _walk(line: str) -> Iterator[tuple[list[tuple[int, int]], int]]:
    """The words of ``line`` and, for each word of a ``python`` word's options (``-X dev -m mod``) up to and
    with the one that names the program (:func:`option_step`), its index; each word is reached once."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(line)]
    seen: set[int] = set()  # a word an earlier walk reached: the walk from it is the same
    for index, (start, end) in enumerate(words):
        if not _python_word(line, start, end):
            continue
        at = index + 1
        while at < len(words) and at not in seen:
            seen.add(at)
            yield words, at
            step = option_step(line[words[at][0] : words[at][1]])
            if step == 0:  # the program is named: the words after it are its own (``python -m pytest -m slow``)
                break
            at += step


def close_quote(line: str, at: int, opener: str) -> int:
    """Where the string ``opener`` opened (``'``, ``"``, or an escaped quote: ``\\"``, ``\\\\\\"``) closes on ``line``,
    searched from ``at``: its closing quote (escaped as many times or fewer), or -1."""
    if opener == "'":
        return line.find("'", at)
    level = len(opener) - 1
    if level == 0:  # a backslash escapes the next character
        while at < len(line):
            if line[at] == "\\":
                at += 2
                continue
            if line[at] == '"':
                return at
            at += 1
        return -1
    while True:
        at = line.find('"', at)
        if at < 0:
            return -1
        run = at
        while run > 0 and line[run - 1] == "\\" and at - run <= level:
            run -= 1
        if at - run <= level:  # as many backslashes (the closing quote) or fewer (the enclosing string's)
            return run
        at += 1


def _argument(line: str, start: int) -> tuple[int, int, str | None]:
    """The span of the shell word that starts at ``start``, inside its quotes: ``"..."`` (a backslash escapes
    the next character), ``'...'``, an escaped quote (``\\"...\\"`` in a JSON string or a double-quoted ``sh -c``,
    ``\\\\\\"...\\\\\\"`` one level deeper), or up to the next white space; and the opening quote when the line
    ends before it closes (the source goes on on the next lines)."""
    level = 0
    while line.startswith("\\", start + level):
        level += 1
    if level % 2 and level <= MAX_ESCAPES and line.startswith('"', start + level):
        opener = line[start : start + level + 1]
    elif line.startswith(("'", '"'), start):
        opener = line[start]
    else:
        match = _WORD.match(line, start)
        return start, start if match is None else match.end(), None
    begin = start + len(opener)
    end = close_quote(line, begin, opener)
    return (begin, len(line), opener) if end < 0 else (begin, end, None)


def _c_arguments(line: str) -> list[tuple[int, int, str | None]]:
    if "c" not in line or not mentions_python(line):
        return []
    found: list[tuple[int, int, str | None]] = []
    for words, at in _walk(line):
        word_start, word_end = words[at]
        after = _flag(line, word_start, word_end, "c")
        if after >= 0:  # ``-c`` (``-Bc``) ends the interpreter's options
            if after == word_end:
                if at + 1 >= len(words):
                    continue
                after = words[at + 1][0]
            found.append(_argument(line, after))
    for match in _PYTHON_C_LIST.finditer(line) if '"-c"' in line else ():
        found.append(_argument(line, match.end() - 1))
    return sorted(set(found), key=lambda f: (f[0], f[1]))


def c_sources(line: str) -> list[tuple[int, int]]:
    """The spans of ``line`` that hold the Python source a ``python -c`` runs (quotes excluded), in order: after
    a ``python`` word's ``-c`` (``python3 -X dev -c "..."``, ``-c'...'``) and an exec form's ``"python", "-c",
    "..."``. Linear in the line's length.

    Returns:
        ``(start, end)`` offsets.
    """
    return [(start, end) for start, end, _opener in _c_arguments(line)]


#: ``python - <<'EOF'``, ``python3 <<-END``, ``<<\\EOF``, ``<< "E"OF``: a here-document fed to the interpreter (its
#: word before ``<<``); group 2 its delimiter's word, quoted in any of the shell's ways (not ``<<<``: a string).
_HEREDOC = re.compile(r"(?<!<)<<(?!<)(-?)[ \t]*((?:'[^'\n]*'|\"[^\"\n]*\"|\\[^\s]|[^\s'\"\\;&|<>()`$])+)")
#: A part of a delimiter's word and what the shell reads there: ``'EOF'``, ``"EOF"``, ``\\E`` (group 1, 2, 3).
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"|\\(.)")


def _delimiter(word: str) -> str:
    """The line that ends a here-document opened by ``<<word``: ``word`` with its quotes removed (``\\EOF``,
    ``'EOF'``, ``"EOF"`` and ``E"OF"`` all end at ``EOF``)."""
    return _QUOTED.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", word)


class Sources:
    """The Python source a file's lines hold, read line after line: a ``python -c`` on one line
    (:func:`c_sources`), one whose quote the line leaves open (``python -c "`` in a CI step's block, the
    source on the next lines up to the closing quote), and a here-document fed to ``python`` (``python - <<EOF``
    up to the line ``EOF``, indented or not: a YAML block's script is indented, ``EOF`` with it)."""

    def __init__(self) -> None:
        self.opener: str | None = None  #: the open ``-c`` string's quote
        self.heredoc: tuple[str, bool] | None = None  #: the here-document's delimiter, and whether tabs lead it

    @property
    def inside(self) -> bool:
        """Does the next line start inside Python source (a comment there is Python's, not the file's)?"""
        return self.opener is not None or self.heredoc is not None

    def spans(self, line: str) -> list[tuple[int, int]]:
        """The spans of ``line`` that are Python source, in order; the state moves on to the next line.

        Returns:
            ``(start, end)`` offsets.
        """
        if self.heredoc is not None:
            delimiter, _tabs = self.heredoc
            # ``<<-EOF`` closes at tabs and ``EOF``; a CI step's block indents the whole script, ``EOF`` too
            if line.strip() == delimiter:
                self.heredoc = None
                return []
            return [(0, len(line))]
        spans: list[tuple[int, int]] = []
        begin = 0
        if self.opener is not None:
            end = close_quote(line, 0, self.opener)
            if end < 0:
                return [(0, len(line))]
            spans.append((0, end))
            self.opener, begin = None, end + 1
        for start, end, opener in _c_arguments(line):
            if start >= begin:
                spans.append((start, end))
                self.opener = opener
        if "<<" in line and mentions_python(line):
            heredoc = _HEREDOC.search(line)
            if heredoc is not None and _runs_python(line, heredoc.start(), heredoc.end()):
                self.heredoc = (_delimiter(heredoc.group(2)), bool(heredoc.group(1)))
        return spans


def _runs_python(line: str, before: int, after: int) -> bool:
    """Is the here-document that ``line[before:after]`` opens fed to the interpreter: a ``python`` word among the
    words before it (``python3 - <<EOF``), or the first word of the pipe after it (``cat <<EOF | python3``)?"""
    if any(_python_word(line, m.start(), m.end()) for m in _WORD.finditer(line, 0, before)):
        return True
    pipe = line.find("|", after)
    command = _WORD.search(line, pipe + 1) if pipe >= 0 and not line.startswith("||", pipe) else None
    return command is not None and _python_word(line, command.start(), command.end())
