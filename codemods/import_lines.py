"""The lines a module's import statements span, read from its syntax tree.

Rope tells whether an occurrence is in an import statement from the text alone (``worder``'s
``is_from_statement``): the last ``from `` before it in code, then the first `` import `` anywhere after
that word, whose line must end at or after the occurrence. A ``from`` that starts no import (``raise X
from err``, ``yield from``, and the text of an f-string, which Rope keeps as code) followed by any later
``import`` makes every name in between "in an import statement" (construct's ``core.py``: ``doc=hex(value)``
after ``f"... build from negative number {obj}"`` and before a function's ``import numpy``). The seam
(:mod:`codemods.rope_seam`) asks these lines before it trusts Rope's answer.
"""

from __future__ import annotations

import ast

__all__ = ["HOLDS_STATEMENTS", "import_lines"]

#: The nodes an import statement can be inside (every other node is an expression's part).
HOLDS_STATEMENTS = (ast.mod, ast.stmt, ast.excepthandler, ast.match_case)


def import_lines(tree: ast.AST) -> frozenset[int]:
    """The 1-based numbers of every line an ``import`` or ``from ... import`` statement of ``tree`` spans
    (at any depth: in functions, classes, ``try`` blocks)."""
    lines: set[int] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        else:  # an expression, an argument list or an alias holds no statement: not entered
            todo.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, HOLDS_STATEMENTS))
    return frozenset(lines)
