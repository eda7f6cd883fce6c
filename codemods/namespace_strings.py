"""Apply's side of planner/namespace_sources.py: the strings of a file that are source run in its own namespace,
by where they start, and the renamed top-level modules each reads by the name the file's ``import tool`` keeps
(``import WF1_tool as tool``): there ``tool.VALUE`` is left, as the plan lists nothing there."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.namespace_sources import bare_imports, namespace_strings
from planner.py_modules import string_positions
from planner.python_source import Unparsable, deep_walk, parse_python, walk_once

__all__ = ["NamespaceStrings"]

_RUN_WORDS = ("exec", "eval", "compile")


class NamespaceStrings:
    """One file's namespace source strings, read on the first question (only where a renamed top-level module is
    imported bare and the file says ``exec``, ``eval`` or ``compile``)."""

    def __init__(self, source: str, renamed: Mapping[str, str]) -> None:
        self._renamed = {old: new for old, new in renamed.items() if "." not in old}  # top-level modules
        words = any(f"import {name}" in source for name in (*self._renamed, *self._renamed.values()))
        self._source: str | None = source if words and any(w in source for w in _RUN_WORDS) else None
        self._left: dict[tuple[int, int], frozenset[str]] = {}

    def left(self, start: tuple[int, int]) -> frozenset[str]:
        """The renamed top-level modules the string starting at ``start`` (line, column) reads by name and leaves."""
        source, self._source = self._source, None
        if source is not None:
            try:
                with deep_walk():
                    tree = parse_python(source)
                    nodes, parents = walk_once(tree)
                    found = namespace_strings(nodes, parents, bare_imports(nodes, self._renamed) & self._renamed.keys())
                strings = [node for node in nodes if isinstance(node, ast.Constant) and id(node) in found]
                for string in strings:
                    for at in string_positions(source, [string]):
                        self._left[at] = found[id(string)]
            except Unparsable:
                pass  # libcst's parse reports it
        return self._left.get(start, frozenset())
