"""How Guardian lays out a table it rewrites, within 79 columns (a project lints its own source:
codemods/fitted_lines.py): a one-line set, list or tuple that a new name took past the width is laid out one
element a line (:func:`one_a_line`), and a dict entry too long puts its value on the next line (:func:`line_break`).
Used by codemods/lazy_table.py, codemods/shown_tables.py and codemods/package_init_refs.py."""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

__all__ = ["Container", "entry_a_line", "line_break", "one_a_line"]

Container = TypeVar("Container", cst.Set, cst.List, cst.Tuple)


def line_break(indent: str) -> cst.ParenthesizedWhitespace:
    """A line break after which the next element starts at ``indent``."""
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(), last_line=cst.SimpleWhitespace(indent), indent=False
    )


def one_a_line(table: Container, indent: str = "") -> Container:
    """A one-line table laid out one element a line (a new name added beside each old one took its line past 79
    columns, a project's own lint: codemods/fitted_lines.py), its line indented by ``indent``; a tuple without
    parentheses as it is."""
    if not table.elements or isinstance(table, cst.Tuple) and not table.lpar:
        return table
    inner = indent + "    "
    elements = [e.with_changes(comma=cst.Comma(whitespace_after=line_break(inner))) for e in table.elements]
    elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=line_break(indent)))
    if isinstance(table, cst.Set):
        return table.with_changes(elements=elements, lbrace=cst.LeftCurlyBrace(whitespace_after=line_break(inner)))
    if isinstance(table, cst.List):
        return table.with_changes(elements=elements, lbracket=cst.LeftSquareBracket(whitespace_after=line_break(inner)))
    opened = [cst.LeftParen(whitespace_after=line_break(inner)), *table.lpar[1:]]
    return table.with_changes(elements=elements, lpar=opened)


def entry_a_line(table: cst.Dict) -> cst.Dict:
    """A one-line module-level dict laid out one entry a line, as :func:`one_a_line` lays out a set (new keys added
    beside the old ones took its line past 79 columns)."""
    if not table.elements:
        return table
    elements = [e.with_changes(comma=cst.Comma(whitespace_after=line_break("    "))) for e in table.elements]
    elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=line_break("")))
    return table.with_changes(elements=elements, lbrace=cst.LeftCurlyBrace(whitespace_after=line_break("    ")))
