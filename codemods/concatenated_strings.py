"""An implicit concatenation read as the one string Python makes of it, as the plan reads it.

``importlib.import_module("pkg." "splitmod")`` is one string to ``ast``, whose constant the plan reads
(planner/read_facts.py lists ``pkg.splitmod``, ``rewrite``), and two to libcst, where neither part was a path:
apply left it, and after the rename the import failed. The string codemod (codemods/string_contexts.py) reads
the parts' joined text by the rules of a whole string (a call's target, a module key, ``python -m``, a whole
dotted path) and writes the new text back over the same parts (:func:`spread`): ``"pkg." "WF1_..._splitmod"``.
"""

from __future__ import annotations

import libcst as cst

__all__ = ["simple_parts", "spread"]


def simple_parts(node: cst.ConcatenatedString) -> list[cst.SimpleString] | None:
    """The string literals ``node`` joins, in order, when each is a plain one whose text is its value (no bytes, no
    f-string, no backslash; all raw or none), else ``None``."""
    parts: list[cst.SimpleString] = []
    stack: list[cst.BaseExpression] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, cst.ConcatenatedString):
            stack += [item.right, item.left]
        elif isinstance(item, cst.SimpleString):
            parts.append(item)
        else:
            return None
    prefixes = {part.prefix.lower().replace("u", "") for part in parts}
    if not prefixes <= {"", "r"} or len(prefixes) > 1 or any("\\" in part.raw_value for part in parts):
        return None
    return parts


def spread(texts: list[str], new: str) -> list[str]:
    """``texts`` (the parts' texts) changed so that together they read ``new``: the span that differs from their
    joined text is written into the part where it starts, and the old characters of that span that other parts
    held are taken out of them (``["pkg.", "splitmod"]`` with ``pkg.WF1_splitmod``: ``["pkg.", "WF1_splitmod"]``)."""
    old = "".join(texts)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < min(len(old), len(new)) - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    end, written = len(old) - tail, new[start : len(new) - tail]
    out, offset, done = [], 0, False
    for index, text in enumerate(texts):
        low, high = offset, offset + len(text)
        if not done and (start < high or index == len(texts) - 1):
            cut = min(end, high) - start
            text = text[: start - low] + written + text[start - low + cut :]
            done = True
        elif done and low < end:
            text = text[min(end, high) - low :]
        out.append(text)
        offset = high
    return out
