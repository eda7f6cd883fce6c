"""Lines Guardian writes into a project fit in 79 columns, whatever the module names' lengths (issue 13).

A project lints its own source: pylint 4.1.5 at 100 columns, flake8 at 79 by default. A shim
(codemods/shims.py) and the ``collect_ignore`` list of a conftest (codemods/collect_ignore.py) name
modules and paths whose length Guardian does not choose, so their lines are built here:

- a comment or docstring paragraph is filled word by word (:func:`fill`);
- a string is cut into pieces joined by implicit concatenation (:func:`string_lines`);
- a statement naming a dotted module (``import pkg.sub.mod as _target``) keeps its tokens and continues
  with a backslash after a dot (:func:`dotted_lines`): the same statement to Python and to every tool.

A word, a string or a name too long for a line is cut after a dot or a slash; a comment, docstring or
string anywhere else too. Only an identifier in code cannot be cut: one part of a module name longer
than about 70 characters is the one line that stays longer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["WIDTH", "dotted_lines", "fill", "pieces", "string_lines"]

WIDTH = 79
_PARTS = re.compile(r"[^./ ]*[./ ]|[^./ ]+")  # each part keeps the separator that ends it


def pieces(text: str, width: int, *, cut: bool = True) -> list[str]:
    """``text`` in pieces of at most ``width`` characters, each ending after a dot, slash or space
    where it can; ``cut``: a part wider than ``width`` is cut anywhere (never for an identifier)."""
    found: list[str] = []
    current = ""
    for part in _PARTS.findall(text):
        while cut and len(part) > width:
            if current:
                found.append(current)
                current = ""
            found.append(part[:width])
            part = part[width:]
        if current and len(current) + len(part) > width:
            found.append(current)
            current = ""
        current += part
    return [*found, current] if current or not found else found


def fill(words: Iterable[str], first: str, rest: str, width: int = WIDTH) -> list[str]:
    """``words`` joined by spaces in lines that start with ``first`` (the first) or ``rest`` (the
    others) and fit in ``width``; a word too long for any line is cut by :func:`pieces`."""
    lines: list[str] = []
    line, bare = first, True
    for word in words:
        for number, piece in enumerate(pieces(word, max(width - len(rest), 8))):
            glue = " " if number == 0 and not bare else ""
            if not bare and len(line) + len(glue) + len(piece) > width:
                lines.append(line)
                line, glue = rest, ""
            line, bare = line + glue + piece, False
    return [*lines, line]


def string_lines(text: str, indent: str, end: str = "") -> list[str]:
    """``"text"`` as string literals, one a line after ``indent``, that Python concatenates back;
    ``end`` (``,``) follows the last. ``text`` holds no quote or backslash (names and paths)."""
    if '"' in text or "\\" in text:
        raise ValueError(f"not a plain string: {text!r}")
    quoted = [f'{indent}"{piece}"' for piece in pieces(text, max(WIDTH - len(indent) - 2 - len(end), 8))]
    return [*quoted[:-1], quoted[-1] + end]


def dotted_lines(indent: str, head: str, name: str, tail: str) -> list[str]:
    """``indent + head + name + tail`` (``import `` ``pkg.mod`` `` as _target``) on one line, or, when it
    is too long, continued with a backslash after a dot of ``name`` (and before ``tail``) on lines
    indented 4 more."""
    line = f"{indent}{head}{name}{tail}"
    if len(line) <= WIDTH:
        return [line]
    lines: list[str] = []
    line, bare = f"{indent}{head}", False
    parts = name.split(".")
    for number, part in enumerate(parts):
        part += "" if number == len(parts) - 1 else "."
        end = tail if number == len(parts) - 1 else "\\"
        if not bare and len(line) + len(part) + len(end) > WIDTH:
            lines.append(line + "\\")
            line, bare = f"{indent}    ", True
        line, bare = line + part, False
    if len(line) + len(tail) > WIDTH:  # the tail (`` import *`` and its comment) on a line of its own
        return [*lines, f"{line} \\", f"{indent}    {tail.lstrip()}"]
    return [*lines, line + tail]
