"""The text a bytes literal spells, when it is text (issue 13, trialC, hpack 4.2.0).

A bytes literal is often a string's bytes: ``b"<hpack.hpack.Encoder"`` is the start of an object's ``repr``,
``b"No module named pkg.mod"`` a process's output a test looks for. Such a literal names a module where its str
spelling would, and is read and rewritten as that spelling is, by the plan (planner/read_facts.py,
planner/dynamic_imports.py) and by apply (codemods/rewrite_string_refs.py) alike. Pickled bytes are not text:
every pickle holds a newline (protocol 0, 1: ``cpkg.mod\\nKlass\\n``) or bytes outside printable ASCII (an opcode
of protocol 2 or later, a length), and are left to planner/pickled_references.py.
"""

from __future__ import annotations

import ast

__all__ = ["constant_text", "plain_text"]


def plain_text(value: bytes) -> str | None:
    """``value`` as text when every byte is printable ASCII (no newline, tab or other control byte), else None."""
    if not value.isascii():
        return None
    text = value.decode("ascii")
    return text if text.isprintable() else None


def constant_text(node: ast.Constant) -> str | None:
    """The text of a string constant, or of a bytes constant that is text (``plain_text``); None otherwise."""
    if isinstance(node.value, str):
        return node.value
    return plain_text(node.value) if isinstance(node.value, bytes) else None
