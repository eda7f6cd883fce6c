"""The lines of a documentation file's Python code blocks (issue 13, bottle 0.13.5).

bottle's README shows its example in ``.. code-block:: python`` with ``from bottle import route, run, template``,
an import of its one top-level module that holds no dotted token: read as prose, it was left as a manual
follow-up ("mentioned outside a directive, role or `python -m`"), and the example no longer ran after the
rename. A Python code block is code, like a doctest's prompt line (planner/doctest_imports.py): the plan lists
its imports and apply rewrites its lines as a doctest's (codemods/doc_examples.py). A block is reST's
``.. code-block:: python`` (also ``code``, ``sourcecode``; ``py``, ``python3``, ``py3``) up to the first line
indented no deeper than the directive, or Markdown's fence (three or more backticks or tildes) with that
language up to its closing fence; a block of another language (``bash``, ``pycon``), a literal block
(``::``) and a fence without a language are not read.

The blocks a documentation build runs are Python code too (review25): Sphinx's ``.. testcode::``,
``.. testsetup::`` and ``.. testcleanup::`` (a group name may follow), ``.. ipython:: python``,
``.. jupyter-execute::``, and MyST's fences ```` ```{code-cell} python ```` (or ``ipython3``) and
```` ```{code-block} python ````. An IPython line of a block (``!pip install tool``, ``%timeit``) is a shell's
or a magic's, not Python: not read. A ``.. doctest::`` block's ``>>>`` lines are read as any doctest's. A
literal block (a paragraph ending with ``::``) says nothing of its language (a shell session, a traceback, a
configuration file as often as Python) and is never run: it stays prose, its bare names a manual follow-up.
"""

from __future__ import annotations

import re

__all__ = ["CodeBlocks", "may_hold_code_blocks"]

_LANGUAGES = frozenset({"python", "py", "python3", "py3", "ipython", "ipython3"})
_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[\w-]+)::[ \t]*(?P<lang>[\w+-]*)[ \t]*$")
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:\{(?P<name>[\w-]+)\}[ \t]*|\{)?\.?(?P<lang>[\w+-]*)"
)
#: The directives whose block is code in the language their argument names (a MyST fence's ``{name}`` too)
_NAMED = frozenset({"code-block", "code", "sourcecode", "ipython", "code-cell"})
#: The directives whose block is Python code whatever their argument (Sphinx's doctest extension: a group name)
_PYTHON = frozenset({"testcode", "testsetup", "testcleanup"})
#: ... and those whose block is Python code when they have no argument
_PYTHON_BARE = frozenset({"jupyter-execute"})
#: An IPython line of a block: a shell command (``!pip install tool``) or a magic (``%timeit``), not Python
_IPYTHON_LINE = re.compile(r"^[ \t]*[!%]")


def _python(name: str | None, lang: str) -> bool | None:
    """Whether a block opened by directive ``name`` (None: a plain fence) with argument ``lang`` is Python code;
    None when ``name`` opens no block this module reads."""
    lang = lang.lower()
    if name is None or name in _NAMED:
        return lang in _LANGUAGES
    if name in _PYTHON:
        return True
    if name in _PYTHON_BARE:
        return not lang
    return None


def may_hold_code_blocks(text: str) -> bool:
    """Whether ``text`` may hold a code block at all: read line by line only then."""
    return "```" in text or "~~~" in text or "code" in text or "test" in text or "python" in text or "jupyter" in text


class CodeBlocks:
    """Fed a documentation file's lines in order, says which are a Python code block's code."""

    def __init__(self) -> None:
        self._indent: int | None = None  # a reST directive's indentation, while its block lasts
        self._body = False  # the directive's block has shown code (its options come before)
        self._fence: str | None = None  # a Markdown fence, while it is open
        self._python = False  # the open block's language is Python

    def code(self, line: str) -> bool:
        """Whether ``line`` is a line of a Python code block's code (not its directive, option or fence)."""
        if self._fence is not None:
            if line.lstrip().startswith(self._fence) and not line.strip().strip(self._fence[0]):
                self._fence = None
                return False
            return self._python and not _IPYTHON_LINE.match(line)
        if self._indent is not None:
            if not line.strip():
                return False
            indent = len(line) - len(line.lstrip())
            if indent > self._indent:
                if not self._body and line.lstrip().startswith(":"):
                    return False  # ``:linenos:``, ``:caption: ...``: the directive's options
                self._body = True
                return self._python and not _IPYTHON_LINE.match(line)
            self._indent = None  # the block ended: this line may open another
        directive = _DIRECTIVE.match(line)
        python = None if directive is None else _python(directive.group("name"), directive.group("lang"))
        if directive is not None and python is not None:
            self._indent, self._body = len(directive.group("indent")), False
            self._python = python
            return False
        fence = _FENCE.match(line)
        if fence is not None:
            self._fence = fence.group("fence")
            name, lang = fence.group("name"), fence.group("lang")
            python = _python(name, lang)  # ``{code-cell} python``; Quarto's ``{python}``: the language
            self._python = bool(python) if python is not None else not lang and str(name).lower() in _LANGUAGES
        return False
