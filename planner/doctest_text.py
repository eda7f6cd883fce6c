"""Which non-Python files are prose, and which lines of prose are a doctest's code.

A module path in prose is rewritten unless ``--no-prose``; in a doctest's code or expected output it is code,
rewritten like a string (planner/path_mentions.py, planner/file_references.py, codemods/docstrings.py's
``rewrite_docstring``, codemods/config_line_refs.py).
"""

from __future__ import annotations

import re

from planner.file_kinds import PROSE_SUFFIXES

__all__ = ["DOCTEST_LINE", "doctest_file", "doctest_lines", "is_prose_file"]


#: A doctest's line of code in a docstring (``>>> x``, ``... y``); the lines after it up to a blank one are its
#: expected output (codemods/docstrings.py's ``rewrite_docstring`` reads docstrings with it too).
DOCTEST_LINE = re.compile(r"^(?P<indent>\s*)(?P<prompt>>>>|\.\.\.)(?P<code>(?: .*)?)$")


def doctest_lines(text: str) -> set[int]:
    """The lines of a docstring's ``text`` (0-based) that are a doctest's code or expected output: what the
    code runs or prints, not prose (boltons' ``>>> os.path.basename(filenames[-1])`` then ``'urlutils.py'``).

    Returns:
        Their indexes.
    """
    found: set[int] = set()
    in_example = False
    for number, line in enumerate(text.split("\n")):
        if DOCTEST_LINE.match(line) is not None:
            in_example = True
        elif not (in_example and line.strip()):
            in_example = False
            continue
        found.add(number)
    return found


def is_prose_file(path: str) -> bool:
    """Is the non-Python file at ``path`` documentation prose (``.rst``/``.md``/``.txt``, not an egg-info's
    ``entry_points.txt``; an HTML page)? A bare file name is attributed there, never in tool configuration.

    Returns:
        ``True`` for a documentation file.
    """
    name = path.rpartition("/")[2]
    return name.lower().endswith((".rst", ".md", ".txt", *PROSE_SUFFIXES)) and name != "entry_points.txt"


#: a line that opens a doctest example: ``>>> import tool``
_PROMPT_LINE = re.compile(r"^[ \t]*>>> ", re.MULTILINE)


def doctest_file(path: str, text: str) -> bool:
    """Are the ``>>>`` lines of the non-Python file ``path`` doctest examples, read as code: in documentation prose,
    or in a file of any other name whose lines open with the prompt (markdown2's ``test/api.doctests``, which its
    suite gives to ``doctest.DocFileTest``)?

    Returns:
        ``True`` when its prompt lines are code.
    """
    return ">>>" in text and (is_prose_file(path) or _PROMPT_LINE.search(text) is not None)
