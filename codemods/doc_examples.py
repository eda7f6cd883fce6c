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
and journaled as ``code-block`` (bottle's README: ``from bottle import route, run, template``).
"""

from __future__ import annotations

from codemods.base import Edit, Renames
from codemods.code_strings import sub_code
from planner.doc_code_blocks import CodeBlocks
from planner.doctest_text import DOCTEST_LINE
from planner.source_imports import SourceImports

__all__ = ["Examples"]


class Examples:
    """The doctest prompt lines of one documentation file, read line by line in order.

    A ``>>>`` line is code; a ``...`` line only right after one (a continuation): a line of prose may start with
    an ellipsis.
    """

    def __init__(self, renames: Renames, path: str) -> None:
        self.renames = renames.code  # an import names the module, never an entry-point group
        self.path = path
        self._prompt = False  # the line before was a prompt line
        self._imports = SourceImports()  # ``>>> from pkg import (`` goes on over its ``...`` lines, or after ``\\``
        self._blocks = CodeBlocks()  # ``.. code-block:: python``: its lines are code too
        self._block_imports = SourceImports()

    def rewrite(self, body: str, number: int) -> tuple[str, list[Edit]] | None:
        """Rewrite ``body`` when it is a prompt line (its code, the prompt kept).

        Returns:
            The line and its edit (none when nothing changed), or ``None`` when it is no prompt line.
        """
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
