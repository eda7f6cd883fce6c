"""The text a bytes literal spells, when it is text (issue 13, trialC, hpack 4.2.0).

A bytes literal is often a string's bytes: ``b"<hpack.hpack.Encoder"`` is the start of an object's ``repr``,
``b"No module named pkg.mod"`` a process's output a test looks for. Such a literal names a module where its str
spelling would, and is read and rewritten as that spelling is, by the plan (planner/read_facts.py,
planner/dynamic_imports.py) and by apply (codemods/rewrite_string_refs.py) alike. Pickled bytes are not text:
every pickle holds a newline (protocol 0, 1: ``cpkg.mod\\nKlass\\n``) or bytes outside printable ASCII (an opcode
of protocol 2 or later, a length), and are left to planner/pickled_references.py. Text over lines
(``b"loaded:\\npkg.mod\\tok\\r\\n"``, a process's output) is text too: ASCII whose only control bytes are line
ends and tabs, unless it is a pickle of protocol 0 or 1 (its opcodes read to a STOP that ends it, or a GLOBAL opcode's
``cpkg.mod\\nKlass\\n`` after a line end or a MARK).
"""

from __future__ import annotations

import ast
import pickletools
import re

__all__ = ["constant_text", "plain_text"]


#: pickle's GLOBAL opcode at an opcode's start (the stream's, after an argument's line end or a MARK)
_GLOBAL = re.compile(r"(?:^|[\n(])c[A-Za-z_][\w.]*+\n[A-Za-z_][\w.]*+\n")
#: the control characters text over lines holds
_LINE_CONTROLS = str.maketrans("", "", "\n\r\t")


def _pickled(value: bytes) -> bool:
    """Do ``value``'s bytes read as pickle opcodes up to a STOP, their last byte?"""
    try:
        for opcode, _, position in pickletools.genops(value):
            if opcode.name == "STOP":
                return position == len(value) - 1
    except (ValueError, TypeError, UnicodeDecodeError):  # no pickle: genops raises on what is not an opcode
        return False
    return False


def plain_text(value: bytes) -> str | None:
    """``value`` as text when every byte is printable ASCII, or a line end or tab where the whole is no pickle of
    protocol 0 or 1; else None."""
    if not value.isascii():
        return None
    text = value.decode("ascii")
    if text.isprintable():
        return text
    if not text.translate(_LINE_CONTROLS).isprintable() or _GLOBAL.search(text) or _pickled(value):
        return None
    return text


def constant_text(node: ast.Constant) -> str | None:
    """The text of a string constant, or of a bytes constant that is text (``plain_text``); None otherwise."""
    if isinstance(node.value, str):
        return node.value
    return plain_text(node.value) if isinstance(node.value, bytes) else None
