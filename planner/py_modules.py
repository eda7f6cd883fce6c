"""The names a build script gives setuptools' ``py_modules`` (issue 13, bottle; review 25).

``setup(py_modules=["tool"])`` declares the distribution's top-level modules by name: a bare name there is a
module path, rewritten like any (a wheel built after the rename lacked the module otherwise). The value is read
where setuptools takes it: a ``py_modules=`` keyword of any call (``setup``, ``setuptools.setup``, ``dict``), a
dict display's ``"py_modules"`` entry (``OPTS = {"py_modules": [...]}; setup(**OPTS)``) and an assignment to a
``["py_modules"]`` subscript. A string, a list, tuple or set of them, ``+`` of such, ``list(...)`` of one, and a
name bound at module level in the same file (``MODULES = ["tool"]``, with its ``+=``, ``.append`` and
``.extend``) are read through; anything else (a comprehension over a glob, a parameter, an import) cannot be, and
is listed for a person (``py_modules-unknown``) rather than silently missed. planner/read_facts.py (plan) and
codemods/rewrite_string_refs.py (apply) both ask :func:`py_modules`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from planner.python_source import assigned_values, dotted_name

__all__ = ["KEYWORD", "py_modules", "string_positions"]

KEYWORD = "py_modules"
_DEPTH = 16  # names followed through their bindings, at most
_COPIES = frozenset({"list", "tuple", "sorted", "set"})  # ``list(MODULES)``: the same names


def _values(tree: ast.Module) -> Iterator[ast.expr]:
    """The values given to ``py_modules`` in ``tree``: a keyword, a dict entry, a subscript's assignment."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from (k.value for k in node.keywords if k.arg == KEYWORD)
        elif isinstance(node, ast.Dict):
            yield from (v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value == KEYWORD)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                key = target.slice if isinstance(target, ast.Subscript) else None
                if isinstance(key, ast.Constant) and key.value == KEYWORD:
                    yield node.value


def py_modules(tree: ast.Module) -> tuple[list[ast.Constant], list[tuple[int, str]]]:
    """The strings ``tree`` gives setuptools as ``py_modules``, each a module's name, and the values it cannot
    read (see the module's docstring).

    Returns:
        The strings (each once, in no set order), and the line and a short text of each value not read.
    """
    bindings: dict[str, list[ast.expr]] | None = None
    strings: dict[int, ast.Constant] = {}
    unknown: list[tuple[int, str]] = []

    def read(value: ast.expr, line: int, seen: frozenset[str]) -> None:
        nonlocal bindings
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            strings[id(value)] = value
        elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            for element in value.elts:
                read(element.value if isinstance(element, ast.Starred) else element, line, seen)
        elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            read(value.left, line, seen)
            read(value.right, line, seen)
        elif isinstance(value, ast.Call) and dotted_name(value.func) in _COPIES and len(value.args) == 1:
            read(value.args[0], line, seen)
        elif isinstance(value, ast.Name) and value.id not in seen and len(seen) < _DEPTH:
            bindings = assigned_values(tree, "module") if bindings is None else bindings
            if value.id not in bindings:
                unknown.append((line, value.id))
            for bound in bindings.get(value.id, ()):
                read(bound, line, seen | {value.id})
        elif not (isinstance(value, ast.Constant) and value.value is None):
            shown = dotted_name(value.func) + "(...)" if isinstance(value, ast.Call) else dotted_name(value)
            unknown.append((line, shown or type(value).__name__.lower()))

    for value in _values(tree):
        read(value, value.lineno, frozenset())
    return list(strings.values()), unknown


def string_positions(source: str, strings: Iterable[ast.expr]) -> set[tuple[int, int]]:
    """The (line, column in characters) where each string starts: libcst's positions of the same source (ast
    counts a column in UTF-8 bytes)."""
    lines: list[str] | None = None
    found: set[tuple[int, int]] = set()
    for string in strings:
        lines = re.split(r"\r\n?|\n", source) if lines is None else lines
        text = lines[string.lineno - 1] if string.lineno <= len(lines) else ""
        column = (
            string.col_offset
            if text.isascii()
            else len(text.encode(errors="surrogatepass")[: string.col_offset].decode(errors="ignore"))
        )
        found.add((string.lineno, column))
    return found
