"""The one way Guardian parses a checkout's Python source, and walks the tree it gets.

A checkout's file is input, not code Guardian trusts to be reasonable. CPython's parser raises
``SyntaxError`` for bad code, ``ValueError`` for a NUL byte, and ``RecursionError`` or
``MemoryError`` when it gives up on a file nested or chained too deeply (a 30,000-term expression,
a 30,000-long attribute chain, 20,000 ``elif``). A file it does parse can still be too deep for a
recursive walk after the parse (``ast.unparse``, libcst's visitors and code generator, Rope): near
the interpreter's recursion limit (about 1,000 frames, left at its default on purpose:
``guardian/process.py``) the walk raises ``RecursionError``.

Every reader calls :func:`parse_python` and runs its walk inside :func:`deep_walk`; both turn all of
these into one exception, :class:`Unparsable`, which the reader reports as a finding about that one
file (as a syntax error) before going on with the rest of the repository. libcst is only ever given
a file :func:`parse_python` accepted: its own parser crashes the process (a native stack overflow)
on 2,000 nested parentheses, which CPython refuses at 200.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

#: The message of a file CPython's parser gave up on.
TOO_DEEP = "nested too deeply for Python's parser"
#: The message of a file that parses, but too deep for a walk after the parse.
TOO_DEEP_TO_WALK = "nested too deeply to analyse (an expression or chain over ~300 levels)"


class Unparsable(Exception):
    """A Python file that cannot be read: a syntax error, a NUL byte, or nesting too deep.

    Attributes:
        line: 1-based line of the problem, 0 when unknown.
        message: what is wrong, without the file name.
    """

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


def parse_python(source: str | bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` of a checkout's file.

    Raises:
        Unparsable: it does not parse, holds a NUL byte, or CPython's parser gave up on it.
    """
    try:
        return ast.parse(source, filename=filename)
    except SyntaxError as exc:
        raise Unparsable(exc.lineno or 0, exc.msg or "invalid syntax") from None
    except ValueError as exc:  # a NUL byte
        raise Unparsable(0, str(exc)) from None
    except (RecursionError, MemoryError):
        raise Unparsable(0, TOO_DEEP) from None


def read_python_text(path: Path) -> str:
    """The text of a Python file as Python reads it: a UTF-8 BOM dropped, an encoding declaration
    (``# -*- coding: latin-1 -*-``) honoured, newlines translated as ``Path.read_text`` does.

    Raises:
        OSError: the file cannot be read.
        UnicodeError: its bytes do not decode, or it declares an encoding Python does not know.
    """
    raw = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(encoding)  # utf-8-sig (a BOM) drops the BOM
    except (SyntaxError, LookupError) as exc:  # an unknown or contradictory encoding declaration
        raise UnicodeError(str(exc)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


@contextmanager
def deep_walk() -> Iterator[None]:
    """Run a walk of a parsed file; a ``RecursionError`` in it is :class:`Unparsable` for that file.

    Raises:
        Unparsable: the walk reached the recursion limit.
    """
    try:
        yield
    except RecursionError:
        raise Unparsable(0, TOO_DEEP_TO_WALK) from None


def compile_error(source: bytes, filename: str) -> str | None:
    """Byte-compile a checkout's file in memory (``python -m compileall``'s check, nothing written).

    Returns:
        ``"<filename>:<line>: <message>"`` when it does not compile, else None.
    """
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"{filename}:{exc.lineno}: {exc.msg}"
    except ValueError as exc:  # a NUL byte
        return f"{filename}: {exc}"
    except (RecursionError, MemoryError):
        return f"{filename}: {TOO_DEEP}"
    return None


def dotted_name(node: ast.AST) -> str:
    """``a.b.c`` for a Name/Attribute chain, else ``""`` (a call, a subscript, a literal)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements a module runs when it is imported: ``body`` and, depth first in source order, the blocks of
    its compound statements (``if``/``elif``, ``try``, ``with``, loops, ``match`` cases), not the bodies of
    functions and classes. Iterative: 20,000 ``elif`` are no recursion."""
    stack = [iter(body)]
    while stack:
        statement = next(stack[-1], None)
        if statement is None:
            stack.pop()
            continue
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        blocks: list[list[ast.stmt]] = [getattr(statement, "body", None) or []]
        blocks += [handler.body for handler in getattr(statement, "handlers", None) or []]
        blocks += [case.body for case in getattr(statement, "cases", None) or []]
        blocks += [getattr(statement, name, None) or [] for name in ("orelse", "finalbody")]
        stack.extend(iter(block) for block in reversed(blocks) if block)


_GROWS = frozenset({"append", "extend"})  # ``NAMES.append("x")``, ``NAMES.extend([...])``: values the name gains


def assigned_values(tree: ast.Module, scope: Literal["module", "file"]) -> dict[str, list[ast.expr]]:
    """Each name -> the values ``tree`` gives it: assigned (``=``, annotated, ``:=``), ``+=``, appended (``x`` of
    ``.append(x)``, as ``[x]``) and extended (``xs`` of ``.extend(xs)``).

    ``scope``: ``"module"``, the statements the module runs when it is imported (:func:`module_level`: a
    build script's ``MODULES = [...]``, planner/py_modules.py); ``"file"``, every node of the file, functions'
    too (a directory a test builds in its body, planner/joined_file_names.py)."""
    found: dict[str, list[ast.expr]] = {}
    for node in module_level(tree.body) if scope == "module" else ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and isinstance(node.target, ast.Name):
            if node.value is not None:
                found.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr in _GROWS and isinstance(func.value, ast.Name):
                found.setdefault(func.value.id, []).extend(
                    ast.List(elts=[v]) if func.attr == "append" else v for v in node.value.args
                )
    return found


def walk_once(tree: ast.Module) -> tuple[list[ast.AST], dict[int, ast.AST]]:
    """Every node of ``tree`` in ``ast.walk``'s order (breadth-first), and each node's parent by ``id``, in one
    pass: planner/dynamic_imports.py's readers of a file each walked it whole, ten walks in all, and ``ast.walk``
    was two thirds of its CPU on sympy 1.14.0's files (their parse one percent)."""
    nodes: list[ast.AST] = [tree]
    parents: dict[int, ast.AST] = {}
    for node in nodes:
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            nodes.append(child)
    return nodes, parents
