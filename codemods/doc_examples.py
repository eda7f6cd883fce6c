"""Doctest examples in documentation files (``.rst``, ``.md``, ``.txt``): their prompt lines are code (issue 13).

jsonpatch's ``doc/tutorial.rst``, run by ``doctest.testfile`` in its suite, has ``>>> import jsonpatch`` and then
``>>> jsonpatch.JsonPatch(...)``. Read as prose, the dotted uses were rewritten and the import, which names the
renamed top-level module with no dotted token, was left: ``NameError`` in every example after it. And ``>>> from
pkg import mod`` names ``pkg.mod`` with no dotted token at all: neither rewritten nor listed. A prompt line's code
is now rewritten as a docstring's doctest line is (codemods/code_strings.py's ``sub_code``), whatever ``--no-prose``:
``import WF1_tool`` with ``WF1_tool.make()``, ``from pkg import WF1_mod as mod``. The expected output after it is
read as before (prose: its ``pkg.mod.Error`` is a whole token). A statement goes on over its ``...`` lines
(``>>> from pkg import (`` then ``...     mod,``, or after a backslash), as in a docstring. The plan lists these
lines as ``doctest`` references (planner/doctest_imports.py's ``doctest_modules``). A Python code block's lines
(``.. code-block:: python``, a ```` ```python ```` fence: planner/doc_code_blocks.py) are code the same way, listed
and journaled as ``code-block`` (bottle's README: ``from bottle import route, run, template``). So are a notebook's
code cells (each JSON string of their source decoded, rewritten as code and encoded again in place) and every line
of a template that renders a Python file (``gen.py.j2``): planner/code_files.py says which lines are code.
"""

from __future__ import annotations

from codemods.base import Edit, Renames
from codemods.code_strings import sub_code
from planner.code_files import case_lines, code_spans, decoded, encoded, python_template
from planner.doc_code_blocks import CodeBlocks
from planner.doctest_text import DOCTEST_LINE
from planner.source_imports import SourceImports

__all__ = ["Examples"]


class Examples:
    """The doctest prompt lines of one documentation file, read line by line in order.

    A ``>>>`` line is code; a ``...`` line only right after one (a continuation): a line of prose may start with
    an ellipsis.
    """

    def __init__(self, renames: Renames, path: str, text: str = "") -> None:
        self.renames = renames.code  # an import names the module, never an entry-point group
        self.path = path
        self._prompt = False  # the line before was a prompt line
        self._imports = SourceImports()  # ``>>> from pkg import (`` goes on over its ``...`` lines, or after ``\\``
        self._blocks = CodeBlocks()  # ``.. code-block:: python``: its lines are code too
        self._block_imports = SourceImports()
        self._cells = code_spans(path, text)  # a notebook's code cells: their JSON strings, by line index
        self._template = python_template(path)  # a template of a Python file: every line is code
        self._cases = case_lines(path, text)  # a pytest-mypy-plugins case's ``main: |`` block

    def rewrite(self, body: str, number: int) -> tuple[str, list[Edit]] | None:
        """Rewrite ``body`` when it is a prompt line (its code, the prompt kept).

        Returns:
            The line and its edit (none when nothing changed), or ``None`` when it is no prompt line.
        """
        if self._cells and number - 1 not in self._cells:
            return None  # a notebook's markdown cell, its outputs: read as before
        if self._template or number - 1 in self._cases:
            indent = len(body) - len(body.lstrip())
            new = body[:indent] + sub_code(body[indent:], self.renames, self._block_imports)
            return new, [Edit(self.path, number, "code-block", body.strip(), new.strip())] if new != body else []
        if self._cells:
            new = self._cell_line(body, number)
            return new, [Edit(self.path, number, "code-block", body.strip(), new.strip())] if new != body else []
        match = DOCTEST_LINE.match(body)
        code = (
            match is not None and match.group("code").strip() != "" and (match.group("prompt") == ">>>" or self._prompt)
        )
        self._prompt = code
        block = self._blocks.code(body)
        if block and not code:
            indent = len(body) - len(body.lstrip())
            new = body[:indent] + sub_code(body[indent:], self.renames, self._block_imports)
            return new, [Edit(self.path, number, "code-block", body.strip(), new.strip())] if new != body else []
        if not code or match is None:
            self._imports.open = None  # the example's output or the prose after it ends its statement
            return None
        new = body[: match.start("code")] + sub_code(match.group("code"), self.renames, self._imports)
        return new, [Edit(self.path, number, "doctest", body.strip(), new.strip())] if new != body else []

    def _cell_line(self, body: str, number: int) -> str:
        """A notebook's line with each JSON string of a code cell's source on it rewritten as code, line by line of
        its value; an unchanged string keeps its bytes."""
        out: list[str] = []
        position = 0
        for span in self._cells.get(number - 1, ()):
            literal = body[span.start : span.end]
            value = decoded(literal)
            new = "".join(self._code(part) for part in value.splitlines(keepends=True))
            out += [body[position : span.start], literal if new == value else encoded(new, literal)]
            position = span.end
        return "".join(out) + body[position:]

    def _code(self, line: str) -> str:
        """One line of a cell's source, its line ending kept."""
        code = line.rstrip("\r\n")
        return sub_code(code, self.renames, self._block_imports) + line[len(code) :]
