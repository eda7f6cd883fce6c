"""A TOML or INI file's ``[section]`` headers, read the same way by the plan (planner/file_references.py) and by
apply (codemods/rewrite_config_refs.py): a module path in a header is a manual follow-up both leave.

A TOML line inside an array an earlier line left open is a value, however it looks: tox's native configuration
runs ``commands = [`` then ``["stubtest", "pkg.mod"],`` one command a line, and its last line,
``["stubtest", "pkg.mod"]`` without a comma, is spelled like a header (issue 13, pkginfo 2.0). So is a line of a
multi-line string (``'''`` or ``\"\"\"``)."""

from __future__ import annotations

import re

__all__ = ["Headers", "section_name"]

#: A ``[section]`` header, possessive (``([^\]]+?)\s*\]+`` was quadratic on a long ``[a   ...x`` line, issue
#: 11 review 13): group 1 is what follows the first ``[``; :func:`section_name` cuts the name out of it.
_SECTION = re.compile(r"\s*+\[([^\]]*+)\]++\s*+(?:[#;].*)?$")
#: What moves a TOML value's state along a line: a string's quotes (three or one), an escape, a comment, a bracket.
_TOML_TOKEN = re.compile(r"\"\"\"|'''|\\.|[\"'#\[\]]")


def section_name(body: str) -> str | None:
    """The name of the ``[section]`` (or ``[[table]]``) header ``body`` is, else None: the text between
    the brackets and the spaces next to them (a blank name is its last space, ``[[]`` is ``[``)."""
    header = _SECTION.match(body)
    if header is None:
        return None
    inner = header.group(1)
    after = inner.lstrip("[")
    name = after.lstrip()
    if name:
        return name.rstrip()
    if after:
        return after[-1]
    return "[" if inner else None


class Headers:
    """Reads one file's lines in order; :meth:`header` is the section a line opens, else None.

    In TOML (``toml``) the arrays and multi-line strings that lines leave open are followed, so that a line inside
    one is a value; an INI file's lines are read alone, as before."""

    def __init__(self, toml: bool) -> None:
        self.toml = toml
        self.depth = 0  # arrays open
        self.quote = ""  # a multi-line string open: its quotes

    def header(self, line: str) -> str | None:
        if not self.toml:
            return section_name(line)
        name = section_name(line) if not self.depth and not self.quote else None
        if name is None:
            self._follow(line)
        return name

    def _follow(self, line: str) -> None:
        """Moves the open arrays and string along one value line (a line may hold ``[`` in a string, a comment)."""
        quote = self.quote
        for token in _TOML_TOKEN.finditer(line):
            text = token.group()
            if quote:
                if text == quote:
                    quote = ""
                elif text == "\\'" and quote == "'":  # a literal string has no escapes: its quote ends it
                    quote = ""
            elif text == "#":
                break
            elif text in ('"', "'", '"""', "'''"):
                quote = text
            elif text == "[":
                self.depth += 1
            elif text == "]":
                self.depth = max(self.depth - 1, 0)
        self.quote = quote if quote in ('"""', "'''") else ""  # a one-line string ends with its line
