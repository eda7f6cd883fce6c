"""A submodule read by its attribute name besides ``getattr``, in libcst's tree (issue 13, breaker c16).

``vars(pkg)["alpha"]``, ``vars(pkg).get("alpha")``, ``pkg.__dict__["alpha"]``, ``pkg.__dict__.get("alpha")`` and
``operator.attrgetter("alpha.VALUE")(pkg)``: the same shapes planner/attribute_reads.py lists, each string given
the new name as ``getattr(pkg, "alpha")``'s is (codemods/string_contexts.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst
from libcst.helpers import get_full_name_for_node

__all__ = ["attribute_reads"]


def _namespace(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """``pkg`` of ``vars(pkg)`` or ``pkg.__dict__``."""
    if isinstance(node, cst.Attribute) and node.attr.value == "__dict__":
        return node.value
    if isinstance(node, cst.Call) and get_full_name_for_node(node.func) == "vars" and len(node.args) == 1:
        arg = node.args[0]
        return arg.value if arg.keyword is None and not arg.star else None
    return None


def _plain(node: cst.BaseExpression) -> cst.SimpleString | None:
    return node if isinstance(node, cst.SimpleString) and not {"b", "f"} & set(node.prefix.lower()) else None


def attribute_reads(node: cst.Call | cst.Subscript) -> Iterator[tuple[cst.BaseExpression, cst.SimpleString, str]]:
    """(owner, the string, the attribute's name: the string's first dotted part) of each such read."""
    if isinstance(node, cst.Subscript):
        owner = _namespace(node.value)
        index = node.slice[0].slice if len(node.slice) == 1 else None
        string = _plain(index.value) if isinstance(index, cst.Index) else None
        if owner is not None and string is not None:
            yield owner, string, string.raw_value
        return
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args:
        owner, string = _namespace(func.value), _plain(node.args[0].value)
        if owner is not None and string is not None:
            yield owner, string, string.raw_value
    elif isinstance(func, cst.Call) and (get_full_name_for_node(func.func) or "").rpartition(".")[2] == "attrgetter":
        if len(node.args) != 1 or node.args[0].keyword is not None or node.args[0].star:
            return
        for arg in func.args:
            string = _plain(arg.value)
            if string is not None:
                yield node.args[0].value, string, string.raw_value.partition(".")[0]
