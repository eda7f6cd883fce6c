"""Where a bare top-level module name is a whole value of a configuration file (issue 13, breaker B11).

A bare word is too ambiguous to rewrite in free text, but a configuration key's values are names by
position: setuptools' ``py_modules`` lists a flat layout's top-level modules, in ``setup.cfg`` as

    [options]
    py_modules = fmttool, lintool

or one a line (an INI value continued on indented lines), and in ``pyproject.toml`` as
``py-modules = ["fmttool", "lintool"]``. Apply rewrote the first value after ``=`` and every quoted one, but
not a second item nor a continuation line's, and the plan listed none of them: the wheel built after the
rename held only the first module's new name. :func:`ini_values` gives the spans of every value item of an
INI file's keys, by line; :func:`quoted_words` the quoted bare words of a TOML line. planner/file_references.py
(plan) and codemods/config_line_refs.py (apply) both ask them, so what the plan lists is what apply rewrites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["ini_values", "quoted_words"]

#: ``key = value`` or ``key: value`` (configparser's delimiters), the first delimiter of the line
_KEY = re.compile(r"[^\s=:#;\[][^=:]*?\s*[=:]")
#: a continuation line's ``name = value`` or ``name: value`` (an entry point, a per-file ignore): its name is no value
_ENTRY = re.compile(r"\s*[^\s=]+?\s*(?:=|:\s)")
#: one item of a value: a run between commas, semicolons and white space
_ITEM = re.compile(r"[^\s,;]+")
#: a quoted bare word, whole: ``"fmttool"``
_QUOTED = re.compile(r"""(["'])([A-Za-z_]\w*)\1""")


def ini_values(lines: Sequence[str]) -> dict[int, list[tuple[int, int]]]:
    """The items of each key's value in an INI file's ``lines``: after its first delimiter, and on each
    indented line continuing it (configparser's continuation), after the name of an entry written there
    (``console_scripts =`` then ``tool = tool:main``). Comments and section headers hold none.

    Returns:
        0-based line index -> the (start, end) of each item on that line.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    open_value = False  # the line before was a key's or a continuation of its value
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue  # configparser skips comments and blank lines inside a value
        if line[0].isspace() and open_value:  # a continuation; ``name = value`` there is a mapping's entry
            entry = _ENTRY.match(line)
            spans[index] = [m.span() for m in _ITEM.finditer(line, entry.end() if entry else 0)]
            continue
        key = None if stripped.startswith("[") else _KEY.match(line)
        open_value = key is not None
        if key is not None:
            spans[index] = [m.span() for m in _ITEM.finditer(line, key.end())]
    return spans


def quoted_words(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each bare word quoted whole on a TOML ``line``, quotes excluded."""
    return [m.span(2) for m in _QUOTED.finditer(line)]
