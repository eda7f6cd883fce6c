"""libcst's parse of a checkout's file: only ever of a file CPython's parser accepted.

libcst's native parser crashes the whole process (a stack overflow, SIGSEGV) on 2,000 nested
parentheses, which CPython's parser refuses at 200; it also takes minutes on a 30,000-term
expression CPython gives up on at once. So every libcst parse goes through :func:`parse_cst`, which
asks :func:`planner.python_source.parse_python` first. A walk of the tree afterwards (visitors, the
code generator) runs inside :func:`planner.python_source.deep_walk`.
"""

from __future__ import annotations

import libcst as cst

from planner.python_source import TOO_DEEP, Unparsable, parse_python


def parse_cst(source: str, filename: str = "<unknown>", *, checked: bool = False) -> cst.Module:
    """``libcst.parse_module`` of a checkout's file.

    Args:
        checked: the caller parsed ``source`` with ``parse_python`` already (skip that gate).

    Raises:
        Unparsable: CPython's or libcst's parser refuses it, or gives up on it.
    """
    if not checked:
        parse_python(source, filename)
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise Unparsable(exc.raw_line, exc.message) from None
    except RecursionError:
        raise Unparsable(0, TOO_DEEP) from None
