"""Strings that are module names by where they stand, whatever their spelling: a bare top-level name too.

- a key of ``sys.modules`` read or written through a method or a helper: ``sys.modules.get("tool")``,
  ``.pop``, ``.setdefault``, ``monkeypatch.setitem(sys.modules, "tool", None)``, ``monkeypatch.delitem(
  sys.modules, "tool")``, ``"tool" in sys.modules`` (a subscript ``sys.modules["tool"]`` is
  planner/dynamic_imports.py's);
- the module a command runs after ``-m`` in a list or tuple of arguments: ``[sys.executable, "-m", "tool"]``;
  only the interpreter's ``-m``, among its options (planner/python_commands.py): in ``[sys.executable, "-m",
  "pytest", "-m", "slow"]`` or ``[sys.executable, script, "-m", "slow"]`` ``slow`` is the program's argument.

A dotted path there was rewritten already as a whole string; a renamed top-level module's bare name was left
(``tool`` is a word anywhere else), and after the rename the key missed the module and the command found no
module (issue 13, shape13).

One definition of these shapes for plan and apply: the plan reads :func:`module_keys` (planner/read_facts.py), the
string codemod asks :func:`key_positions` where such strings start in its file (codemods/module_keys.py), as it asks
planner/py_modules.py, rather than matching its own libcst tree again.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from planner.py_modules import string_positions
from planner.python_commands import python_m_starts, run_module_index
from planner.python_source import dotted_name

__all__ = ["is_interpreter", "key_positions", "module_keys", "run_modules"]

_BARE = re.compile(r"[A-Za-z_]\w*(?![\w.:])")
_INTERPRETER = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?(?:\.exe)?")
#: ``sys.modules.<method>(key, ...)``
_KEY_METHODS = frozenset({"get", "pop", "setdefault"})


def _led(node: ast.AST) -> Iterator[tuple[ast.expr, ast.Constant]]:
    """Each string of ``node`` that the interpreter comes right before, with the interpreter's expression: an
    f-string's literal part after ``{sys.executable}``, ``sys.executable + " -m ..."``'s string."""
    if isinstance(node, ast.JoinedStr):
        for before, part in zip(node.values, node.values[1:]):
            string = _string(part)
            if isinstance(before, ast.FormattedValue) and dotted_name(before.value) == "sys.executable" and string:
                yield before.value, string
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and dotted_name(node.left) == "sys.executable":
        right = _string(node.right)
        if right is not None:
            yield node.left, right


def _commands(node: ast.AST) -> Iterator[tuple[ast.Constant, bool]]:
    """The strings of ``node`` that may hold a command, each with whether the interpreter comes right before it
    (an f-string's other parts are constants of their own, read as such):
    a string constant, an f-string's literal part after ``{sys.executable}``, ``sys.executable + " -m ..."``."""
    for _, part in _led(node):
        yield part, True
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "-m" in node.value:
        yield node, False


def _string(node: ast.AST) -> ast.Constant | None:
    return node if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def is_interpreter(text: str) -> bool:
    """Is ``text`` (a word or a path) a Python interpreter: ``python``, ``python3.12``, ``/usr/bin/pypy3``?"""
    return _INTERPRETER.fullmatch(text.replace("\\", "/").rpartition("/")[2].lower()) is not None


def _python(node: ast.AST) -> bool:
    """``sys.executable`` or a string naming an interpreter: what runs the ``-m`` after it (``git commit -m`` does
    not)."""
    string = _string(node)
    return dotted_name(node) == "sys.executable" or (string is not None and is_interpreter(str(string.value)))


def module_keys(tree: ast.AST) -> Iterator[tuple[ast.Constant, str, str]]:
    """Each string of ``tree`` that is a module name by where it stands, with its kind (``sys.modules``,
    ``python -m``) and the name: the whole string, or a bare name ``python -m`` runs in it (:func:`run_modules`).
    A subscript's key, ``sys.modules["tool"]``, is planner/dynamic_imports.py's."""
    for node in ast.walk(tree):
        for string, after in _commands(node):
            for start, end in run_modules(str(string.value), after_interpreter=after):
                yield string, "python -m", str(string.value)[start:end]
        for key, kind in _keys(node, subscripts=False):
            yield key, kind, str(key.value)


def _keys(node: ast.AST, *, subscripts: bool) -> Iterator[tuple[ast.Constant, str]]:
    """The strings of ``node`` (not of its children) that are a module's name as a whole by where they stand, with
    their kind: a key of ``sys.modules`` (a subscript's with ``subscripts``), the module after the interpreter's
    ``-m`` in a list or tuple of arguments."""
    found: ast.Constant | None = None
    if isinstance(node, ast.Call) and node.args:
        called = dotted_name(node.func)
        if called.rpartition(".")[0] == "sys.modules" and called.rpartition(".")[2] in _KEY_METHODS:
            found = _string(node.args[0])
        elif called.rpartition(".")[2] in ("setitem", "delitem") and len(node.args) >= 2:
            found = _string(node.args[1]) if dotted_name(node.args[0]) == "sys.modules" else None
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
        found = _string(node.left) if dotted_name(node.comparators[0]) == "sys.modules" else None
    elif isinstance(node, ast.Subscript) and subscripts:
        found = _string(node.slice) if dotted_name(node.value) == "sys.modules" else None
    elif isinstance(node, (ast.List, ast.Tuple)):
        words = [str(s.value) if (s := _string(e)) is not None else None for e in node.elts]
        for interpreter in (i for i, e in enumerate(node.elts) if _python(e)):
            index = run_module_index(words, interpreter)  # not a later ``-m``: the program's (a marker)
            module = _string(node.elts[index]) if index is not None else None
            if module is not None:
                yield module, "python -m"
    if found is not None:
        yield found, "sys.modules"


def key_positions(source: str, tree: ast.AST) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    """What apply asks (codemods/rewrite_string_refs.py), by (line, column) as libcst counts them in ``source``,
    ``tree``'s text: where each string that is a module's name as a whole starts (:func:`module_keys`' shapes and
    ``sys.modules["tool"]``) -> its kind; and where each command right after the interpreter starts (:func:`run_modules`
    with ``after_interpreter``): ``sys.executable + " -m tool"``'s string, and for an f-string's literal part (ast
    gives its own position only from Python 3.12) the ``{sys.executable}`` expression right before it."""
    kinds: dict[str, list[ast.expr]] = {}
    led: list[ast.expr] = []
    for node in ast.walk(tree):
        for key, kind in _keys(node, subscripts=True):
            kinds.setdefault(kind, []).append(key)
        led.extend(interpreter if isinstance(node, ast.JoinedStr) else part for interpreter, part in _led(node))
    positions = {at: kind for kind, keys in kinds.items() for at in string_positions(source, keys)}
    return positions, string_positions(source, led)


def run_modules(text: str, *, after_interpreter: bool = False) -> list[tuple[int, int]]:
    """The spans of the bare names (no dot) that ``python -m`` runs in ``text``, a Python string: ``"python3 -m
    tool"``, or ``" -m tool"`` right after the interpreter (``after_interpreter``: ``f"{sys.executable} -m tool"``,
    ``sys.executable + " -m tool"``). A dotted path there is a whole token the string rules rewrite already."""
    if "-m" not in text:
        return []
    prefix = "python" if after_interpreter else ""
    spans = []
    for start in sorted(python_m_starts(prefix + text)):
        name = _BARE.match(prefix + text, start)
        if name is not None and start >= len(prefix):
            spans.append((start - len(prefix), name.end() - len(prefix)))
    return spans
