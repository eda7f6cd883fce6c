"""Module references in Python code held as text: a doctest's or type comment's line, a string of generated
source (``exec``, attrs' ``__init__``), rewritten like the import rewriting would."""

from __future__ import annotations

import re

from codemods.base import Renames
from planner.source_imports import SourceImports, rewrite_c_imports

__all__ = ["looks_like_code", "sub_code", "sub_code_string"]


def sub_code(code: str, renames: Renames, imports: SourceImports | None = None) -> str:
    """Rewrite module references in a line of Python code (a doctest line, a type comment).

    Dotted occurrences are replaced whole; ``from pkg import mod`` keeps its local name as
    ``from pkg import newmod as mod``, the same policy as the import rewriting. A submodule its package shadows is
    that object there, and where its path stands alone (planner/module_attributes.py): left. ``imports`` reads the lines of one
    source given one after another: a statement that goes on over them (``from pkg import (`` up to ``)``, or after
    a backslash) has its names on the next lines too (planner/source_imports.py).

    Returns:
        The rewritten code (equal to ``code`` when nothing matched).
    """
    names = (imports if imports is not None else SourceImports()).names(code, [(0, len(code))])
    if renames.space is not None and renames.space.shadowed:  # ``from pkg import slug``: the package's object
        names = [n for n in names if f"{n.source}.{n.name}" not in renames.space.shadowed]
    if names:
        code = rewrite_c_imports(code, names, renames.mapping)[0]
    return renames.sub(code)


#: ``__import__('pkg.mod')._mod.name``: the call returns the top package, the chain walks back down.
_DUNDER_IMPORT = re.compile(
    r"""__import__\(\s*(?P<q>['"])(?P<dotted>[\w.]+)(?P=q)\s*\)(?P<chain>(?:\.[A-Za-z_]\w*)*)"""
)
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+[\w.]+\s+import\s|import\s+[\w.]+)", re.MULTILINE)


def looks_like_code(text: str) -> bool:
    """A string holding Python source (for ``exec``/``compile``/code generation): it imports."""
    return "__import__(" in text or "import_module(" in text or _IMPORT_LINE.search(text) is not None


def sub_code_string(text: str, renames: Renames) -> str:
    """Rewrite module references in a string of Python source (code generation, ``exec``).

    ``__import__('pkg.mod')._mod`` returns the package ``pkg`` and walks back down to the module: the
    chain is rewritten with the dotted name (attrs' generated ``__init__`` does exactly this). Import
    lines keep their local names like the import rewriting; other dotted occurrences are replaced whole.

    Returns:
        The rewritten text (equal to ``text`` when nothing matched).
    """

    renames = renames.code

    def dunder(match: re.Match[str]) -> str:
        old = match.group("dotted")
        new = renames.rewrite(old, colon=False)
        if new is None:
            return match.group(0)
        old_parts, new_parts = old.split(".")[1:], new.split(".")[1:]
        chain = match.group("chain").split(".")[1:]
        if chain[: len(old_parts)] == old_parts:
            chain = new_parts + chain[len(old_parts) :]
        q = match.group("q")
        return f"__import__({q}{new}{q})" + "".join(f".{c}" for c in chain)

    text = _DUNDER_IMPORT.sub(dunder, text)
    # Lines end with a real newline, or with the two characters \n inside a one-line literal.
    pieces = re.split(r"(\n|\\n)", text)
    imports = SourceImports()  # ``from pkg import (`` goes on over the next lines
    return "".join(piece if index % 2 else sub_code(piece, renames, imports) for index, piece in enumerate(pieces))
