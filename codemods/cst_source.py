"""libcst's parse of a checkout's file, never of one that would crash the process.

libcst's native parser crashes the whole process (a stack overflow, SIGSEGV) on 2,000 nested
brackets, which CPython's parser refuses at 200; it also takes minutes on a 30,000-term expression
CPython gives up on at once. So every libcst parse goes through :func:`parse_cst`, which asks
:func:`planner.python_source.parse_python` first. A file CPython refuses for another reason may
still be valid Python of a newer version than the one running (``type X = ...`` on 3.11), which
libcst reads: it is given to libcst only when its brackets nest no deeper than CPython allows. A
walk of the tree afterwards (visitors, the code generator) runs inside
:func:`planner.python_source.deep_walk`.

libcst 1.9 reads a file whose last line ends with a lone ``\r`` (old Mac line ends) as one without a
final line end, and its code lost that ``\r``: :func:`parse_cst` gives the module its line end back, so
a module's ``code`` is the source it was parsed from.
"""

from __future__ import annotations

import io
import tokenize

import libcst as cst

from planner.python_source import TOO_DEEP, Unparsable, parse_python

#: CPython's limit of nested brackets (its tokenizer's MAXLEVEL); libcst crashes near 2,000.
MAX_BRACKETS = 200


def source_codec(data: bytes) -> str:
    """The codec a Python file's bytes are read and written with: ``utf-8`` (bytes that are not UTF-8 read as
    surrogates, as everywhere in Guardian) unless they are not UTF-8 and a PEP 263 line declares another codec that
    reads them (``# -*- coding: latin-1 -*-``), as CPython, the planner's ``ast.parse`` and Rope read them."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codec, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        data.decode(codec)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return "utf-8"
    return codec


def source_text(data: bytes, codec: str) -> str:
    """A Python file's text in ``codec`` (:func:`source_codec`)."""
    return data.decode(codec) if codec != "utf-8" else data.decode("utf-8", "surrogateescape")


def parse_cst(source: str, filename: str = "<unknown>", *, checked: bool = False) -> cst.Module:
    """``libcst.parse_module`` of a checkout's file.

    Args:
        checked: the caller parsed ``source`` with ``parse_python`` already (skip that gate).

    Raises:
        Unparsable: CPython's or libcst's parser refuses it, or gives up on it.
    """
    if not checked:
        try:
            parse_python(source, filename)
        except Unparsable as exc:
            if exc.message == TOO_DEEP or "too many" in exc.message or not _brackets_shallow(source):
                raise
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise Unparsable(exc.raw_line, exc.message) from None
    except RecursionError:
        raise Unparsable(0, TOO_DEEP) from None
    except UnicodeError:  # bytes not UTF-8 (a latin-1 coding line) read as surrogates: libcst encodes them
        raise Unparsable(0, "not UTF-8 text") from None
    if source.endswith("\r") and not module.has_trailing_newline:
        return module.with_changes(has_trailing_newline=True)
    return module


def _brackets_shallow(source: str) -> bool:
    """Returns: True when no bracket nests deeper than :data:`MAX_BRACKETS` (False: cannot tell)."""
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.OP:
                if token.string in "([{":
                    depth += 1
                    if depth > MAX_BRACKETS:
                        return False
                elif token.string in ")]}":
                    depth -= 1
    except (tokenize.TokenError, SyntaxError, UnicodeError):  # UnicodeError: surrogates, 3.12's tokenizer
        return False
    return True
