"""An implicit concatenation apply cannot rewrite, told apart at plan time (review28's F2).

``ast`` joins ``import_module("pkg." "\\x6d1")`` and ``import_module(r"pkg." "m1")`` into one constant
``pkg.m1``, and the plan listed an ``importlib`` rewrite; the string codemod rewrites a concatenation only when
each part is a plain literal whose text is its value (codemods/concatenated_strings.py ``simple_parts``: no
backslash, no bytes, all raw or none), so apply left both and after the rename the import failed. Such a call
is listed as ``computed-import`` instead: the old path is kept (a shim), which the unchanged call still imports. The
same for every call that takes a module path (planner/module_calls.py): ``mock.patch("pkg." "\\x6d1.V")`` patches
through the shim, the very module object the renamed one is.
"""

from __future__ import annotations

import ast
import io
import tokenize

__all__ = ["unwritable_concatenation"]


def unwritable_concatenation(lines: list[bytes], node: ast.Constant) -> bool:
    """Is ``node``, a string constant in the file of ``lines`` (its lines with their ends), an implicit
    concatenation whose parts apply will not rewrite?"""
    value = str(node.value).encode("utf-8", "surrogateescape")
    end_line, end_col = node.end_lineno or node.lineno, node.end_col_offset or 0
    if end_line == node.lineno and end_col - node.col_offset <= len(value) + 3:
        return False  # one literal: its quotes, at most one prefix, no room for a second part
    if end_line == node.lineno:
        segment = lines[node.lineno - 1][node.col_offset : end_col]
    else:
        middle = lines[node.lineno : end_line - 1]
        segment = b"".join([lines[node.lineno - 1][node.col_offset :], *middle, lines[end_line - 1][:end_col]])
    text = segment.decode("utf-8", "surrogateescape")
    try:
        found = tokenize.generate_tokens(io.StringIO(text).readline)
        tokens = [token.string for token in found if token.type == tokenize.STRING]
    except (tokenize.TokenError, SyntaxError):
        return True
    if len(tokens) < 2:
        return False
    prefixes = {token[: len(token) - len(token.lstrip("rRuUbBfF"))].lower().replace("u", "") for token in tokens}
    return not prefixes <= {"", "r"} or len(prefixes) > 1 or any("\\" in token for token in tokens)
