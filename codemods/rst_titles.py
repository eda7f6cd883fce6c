"""A section title that a rename lengthens keeps an underline (and overline) as long as itself.

Sphinx's apidoc writes a page per module whose title is the module's path, ``icalendar.cal.component
module``, underlined to that length. Rewritten, ``icalendar.cal.WF1_..._component module`` outgrew its
``===`` line, and docutils warns ``Title underline too short``, an error under ``sphinx-build -W`` (icalendar
7.3.2 builds its docs so). After the lines of an ``.rst`` file are rewritten, each changed line whose next line
is an adornment (one punctuation character repeated) at least as long as the old line had it as its title: the
adornment, and an overline of the same character above it, is lengthened to the new title's length.
"""

from __future__ import annotations

import string

from codemods.base import Edit

__all__ = ["fitted_adornments"]

_PUNCTUATION = frozenset(string.punctuation)


def _adornment(line: str) -> str:
    """The character a line of RST section adornment repeats (``=====``), or ``""``."""
    return line[0] if len(line) >= 3 and line[0] in _PUNCTUATION and line == line[0] * len(line) else ""


def fitted_adornments(before: str, after: str, path: str) -> tuple[str, list[Edit]]:
    """``after`` (the rewritten ``before``, line for line) with the adornments of its lengthened titles fitted, and
    an ``rst-adornment`` edit per line fitted."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    edits: list[Edit] = []
    if len(old) != len(new):
        return after, edits
    for index, (was, now) in enumerate(zip(old, new)):
        title, wider = was.rstrip("\r\n").rstrip(), now.rstrip("\r\n").rstrip()
        if was == now or len(wider) <= len(title) or index + 1 >= len(new):
            continue
        under = new[index + 1].rstrip("\r\n")
        char = _adornment(under)
        if not char or len(under) < len(title) or len(under) >= len(wider):
            continue
        lines = [index + 1]
        if index > 0 and new[index - 1].rstrip("\r\n") == under:
            lines.append(index - 1)  # an overline of the same character and length
        for line in lines:
            ending = new[line][len(new[line].rstrip("\r\n")) :]
            edits.append(Edit(path, line + 1, "rst-adornment", under, char * len(wider)))
            new[line] = char * len(wider) + ending
    return "".join(new), edits
