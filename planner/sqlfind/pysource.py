"""Python source as the readers need it: the top-level statements worth walking, and source segments.

Walking a whole module's tree is what costs; a module's SQL calls and models sit in a few of its
top-level statements, found by matching a pattern against the text: only those are walked.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from itertools import accumulate


class Source:
    """One module's text, with the line starts needed to cut segments and place matches."""

    def __init__(self, text: str) -> None:
        self.text = text
        # ast counts lines at \n, \r\n and \r (never at form feeds or other Unicode breaks)
        if "\r" in text:
            self.lines: list[str] = re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", text)
        else:  # the common case, a third of the regex's time
            parts = text.split("\n")
            self.lines = [part + "\n" for part in parts[:-1]] + [parts[-1]]
        self.starts = [0, *accumulate(len(line) for line in self.lines)]

    def line_of(self, offset: int) -> int:
        """The 1-based line of a character offset."""
        return bisect_right(self.starts, offset)

    def lines_matching(self, pattern: re.Pattern[str]) -> list[int]:
        """The lines where ``pattern`` matches, in order."""
        return [self.line_of(m.start()) for m in pattern.finditer(self.text)]

    def segment(self, node: ast.expr | ast.stmt) -> str:
        """The source of ``node`` as :func:`ast.get_source_segment` gives it, without re-splitting the module."""
        first, last, start, end = node.lineno, node.end_lineno, node.col_offset, node.end_col_offset
        if last is None or end is None:
            return ""
        if first == last:
            return self.lines[first - 1].encode()[start:end].decode(errors="replace")
        head = self.lines[first - 1].encode()[start:].decode(errors="replace")
        tail = self.lines[last - 1].encode()[:end].decode(errors="replace")
        return head + "".join(self.lines[first : last - 1]) + tail

    def segment_excerpt(self, node: ast.expr | ast.stmt, limit: int = 140) -> str:
        """:meth:`segment` on one line, cut at ``limit`` characters."""
        text = " ".join(self.segment(node).split())
        return text if len(text) <= limit else text[: limit - 3] + "..."


def statements_at(tree: ast.Module, lines: list[int]) -> list[ast.stmt]:
    """The top-level statements of ``tree`` that span one of ``lines`` (decorators included)."""
    wanted = sorted(set(lines))
    out: list[ast.stmt] = []
    if not wanted:
        return out
    low, high = wanted[0], wanted[-1]
    for stmt in tree.body:  # in line order, each after the one before
        last = stmt.end_lineno or stmt.lineno
        if last < low:
            continue
        decorators = getattr(stmt, "decorator_list", None)
        first = min(stmt.lineno, *(d.lineno for d in decorators)) if decorators else stmt.lineno
        if first > high:
            break
        index = bisect_right(wanted, last)
        if wanted[index - 1] >= first:
            out.append(stmt)
    return out


def name_of(node: ast.expr) -> str:
    """The last name of ``x``, ``a.x``, ``x[...]`` or ``x(...)``; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return name_of(node.value)
    if isinstance(node, ast.Call):
        return name_of(node.func)
    return ""


def const(node: ast.expr | None) -> str | None:
    """The value of a string literal, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def kw(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument ``name`` of ``call``."""
    return next((k.value for k in call.keywords if k.arg == name), None)


def bool_kw(call: ast.Call, name: str) -> bool | None:
    """The value of keyword argument ``name`` when it is a literal True / False."""
    value = kw(call, name)
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, bool) else None
