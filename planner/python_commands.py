"""A ``python`` command line inside a file a tool runs (a shell script, a Makefile's recipe, a CI step): where its
``-m`` runs a module, read once per line (issue 13).

``python -m pkg.cli`` names the module to run. The line is split into its words once and walked from each
``python`` word over its options (``-X dev``, ``-W ignore``, ``-m mod``) to each ``-m``: a line of thousands of
``-m a`` (review 22's attack on apply) is read in time linear in its length, where a search of the line's
prefix for each match took time growing with its square.
"""

from __future__ import annotations

import re

__all__ = ["python_m_starts"]

_WORD = re.compile(r"\S+")
#: A word that ends with the interpreter's name: ``python``, ``python3.12``, ``/usr/bin/python3``, ``"python``.
_PYTHON = re.compile(r"(?<!\w)python[\d.]*(?:\.exe)?$")
_OPTION = re.compile(r"-\w+")
#: The exec form's list (a Dockerfile's ``CMD ["python", "-m", "pkg.mod"]``, a JSON ``"args"``), up to the
#: opening quote of the module's string.
_PYTHON_M_LIST = re.compile(r"\"python[\d.]*\"\s*,\s*(?:\"-\w+\"\s*,\s*)*\"-m\"\s*,\s*\"")


def python_m_starts(line: str) -> frozenset[int]:
    """The offsets of ``line`` where a module ``python -m`` runs may start: after each ``-m`` among a
    ``python`` word's options (``python -X dev -m pkg.cli``, ``-mpkg.cli``), and after an exec form's
    ``"python", "-m", "``. What the patterns ``python[\\d.]*\\s+(?:-\\w+\\s+(?:[^-\\s]\\S*\\s+)?)*-m\\s*$`` and
    ``"python", ("-\\w+", )* "-m", "$`` match at the end of the line's prefix.

    Returns:
        The offsets; each word is read once, whatever the number of ``python`` words and options.
    """
    starts: set[int] = set()
    if "python" not in line:
        return frozenset()
    words = [(m.start(), m.end()) for m in _WORD.finditer(line)]
    seen: set[int] = set()  # a word an earlier walk reached: the walk from it is the same
    for index, (start, end) in enumerate(words):
        if "python" not in line[start:end] or _PYTHON.search(line, start, end) is None:
            continue
        at = index + 1
        while at < len(words) and at not in seen:
            seen.add(at)
            word_start, word_end = words[at]
            if line.startswith("-m", word_start, word_end):
                after = word_start + 2
                starts.add(words[at + 1][0] if after == word_end and at + 1 < len(words) else after)
            if _OPTION.fullmatch(line, word_start, word_end) is None:
                break
            at += 1
            if at + 1 < len(words) and not line.startswith("-", words[at][0]):  # the option's value
                at += 1
    if '"-m"' in line:
        starts.update(match.end() for match in _PYTHON_M_LIST.finditer(line))
    return frozenset(starts)
