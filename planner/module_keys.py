"""Strings that are module names by where they stand, whatever their spelling: a bare top-level name too.

- a key of ``sys.modules`` read or written through a method or a helper: ``sys.modules.get("tool")``,
  ``.pop``, ``.setdefault``, ``monkeypatch.setitem(sys.modules, "tool", None)``, ``monkeypatch.delitem(
  sys.modules, "tool")``, ``"tool" in sys.modules`` (a subscript ``sys.modules["tool"]`` is
  planner/dynamic_imports.py's);
- the module a command runs after ``-m`` in a list or tuple of arguments: ``[sys.executable, "-m", "tool"]``.

A dotted path there was rewritten already as a whole string; a renamed top-level module's bare name was left
(``tool`` is a word anywhere else), and after the rename the key missed the module and the command found no
module (issue 13, shape13). The string codemod reads the same shapes (codemods/module_keys.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from planner.python_source import dotted_name

__all__ = ["KEY_METHODS", "is_interpreter", "module_keys"]

_INTERPRETER = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?(?:\.exe)?")
#: ``sys.modules.<method>(key, ...)``
KEY_METHODS = frozenset({"get", "pop", "setdefault"})


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


def module_keys(tree: ast.AST) -> Iterator[tuple[ast.Constant, str]]:
    """Each string of ``tree`` that is a module name by where it stands, with its kind (``sys.modules``,
    ``python -m``)."""
    for node in ast.walk(tree):
        found: ast.Constant | None = None
        kind = "sys.modules"
        if isinstance(node, ast.Call) and node.args:
            called = dotted_name(node.func)
            if called.rpartition(".")[0] == "sys.modules" and called.rpartition(".")[2] in KEY_METHODS:
                found = _string(node.args[0])
            elif called.rpartition(".")[2] in ("setitem", "delitem") and len(node.args) >= 2:
                found = _string(node.args[1]) if dotted_name(node.args[0]) == "sys.modules" else None
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            found = _string(node.left) if dotted_name(node.comparators[0]) == "sys.modules" else None
        elif isinstance(node, (ast.List, ast.Tuple)):
            kind = "python -m"
            for index, (flag, value) in enumerate(zip(node.elts, node.elts[1:])):
                flag_string, module = _string(flag), _string(value)
                if flag_string is not None and flag_string.value == "-m" and module is not None:
                    if any(_python(e) for e in node.elts[:index]):
                        yield module, kind
        if found is not None:
            yield found, kind
