"""The strings the string codemod reads as module names by where they stand (planner/module_keys.py's shapes, in
libcst): a key of ``sys.modules`` (``sys.modules["tool"]``, ``.get``/``.pop``/``.setdefault``, ``monkeypatch.setitem``/
``delitem(sys.modules, "tool")``, ``"tool" in sys.modules``), the module after ``"-m"`` in a list or tuple of
arguments (``[sys.executable, "-m", "tool"]``) and the one ``python -m`` runs in a string (``"python3 -m tool"``,
``f"{sys.executable} -m tool"``). A renamed top-level module's bare name is rewritten there."""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.helpers import get_full_name_for_node

from planner.module_keys import KEY_METHODS, is_interpreter, run_modules
from planner.python_commands import run_module_index

__all__ = [
    "after_interpreter",
    "call_key",
    "compared_key",
    "flagged_modules",
    "sub_run_modules",
    "subscript_key",
]


def _name(node: cst.CSTNode) -> str:
    return get_full_name_for_node(node) or ""


def _string(node: cst.BaseExpression) -> cst.SimpleString | None:
    if isinstance(node, cst.SimpleString) and not {"b", "f"} & set(node.prefix.lower()):
        return node
    return None


def subscript_key(node: cst.Subscript) -> cst.SimpleString | None:
    """The key of ``sys.modules["tool"]``."""
    if _name(node.value) != "sys.modules" or len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    return _string(index.value) if isinstance(index, cst.Index) else None


def call_key(node: cst.Call) -> cst.SimpleString | None:
    """The key of ``sys.modules.get("tool")`` (``pop``, ``setdefault``) or ``setitem``/``delitem(sys.modules,
    "tool", ...)``."""
    args = [a.value for a in node.args if a.keyword is None and a.star == ""]
    called = _name(node.func)
    owner, _, method = called.rpartition(".")
    if owner == "sys.modules" and method in KEY_METHODS and args:
        return _string(args[0])
    if method in ("setitem", "delitem") and len(args) >= 2 and _name(args[0]) == "sys.modules":
        return _string(args[1])
    return None


def compared_key(node: cst.Comparison) -> cst.SimpleString | None:
    """The key of ``"tool" in sys.modules`` (``not in``)."""
    if len(node.comparisons) != 1 or not isinstance(node.comparisons[0].operator, (cst.In, cst.NotIn)):
        return None
    return _string(node.left) if _name(node.comparisons[0].comparator) == "sys.modules" else None


def flagged_modules(node: cst.List | cst.Tuple) -> list[cst.SimpleString]:
    """The strings right after a ``"-m"`` string in a list or tuple of arguments that runs Python before it
    (``sys.executable``, ``"python3"``), among the interpreter's options (planner/python_commands.py's
    ``run_module_index``): not a later ``-m`` of the program it runs (``"-m", "pytest", "-m", "slow"``)."""
    values = [e.value if isinstance(e, cst.Element) else None for e in node.elements]
    words = [_text(v) if v is not None else None for v in values]
    found = []
    for interpreter in (i for i, v in enumerate(values) if v is not None and _python(v)):
        index = run_module_index(words, interpreter)  # ``git commit -m "tool"`` is a message, ``pytest -m`` a marker
        value = values[index] if index is not None else None
        module = _string(value) if value is not None else None
        if module is not None:
            found.append(module)
    return found


def _text(node: cst.BaseExpression) -> str | None:
    string = _string(node)
    text = string.evaluated_value if string is not None else None
    return text if isinstance(text, str) else None


def _python(node: cst.BaseExpression) -> bool:
    text = _text(node)
    return _name(node) == "sys.executable" or (text is not None and is_interpreter(text))


def sub_run_modules(text: str, mapping: Mapping[str, str], *, after_interpreter: bool = False) -> str:
    """``text`` (a Python string's value) with each renamed top-level module that ``python -m`` runs there
    renamed (planner/module_keys.py's ``run_modules``): ``"python3 -m tool"``, ``f"{sys.executable} -m tool"``."""
    out, position = [], 0
    for start, end in run_modules(text, after_interpreter=after_interpreter):
        new = mapping.get(text[start:end])
        if new is not None and "." not in new:
            out.append(text[position:start] + new)
            position = end
    return "".join(out) + text[position:] if out else text


def after_interpreter(node: cst.FormattedString | cst.BinaryOperation) -> list[cst.CSTNode]:
    """The literal parts right after the interpreter: ``f"{sys.executable} -m tool"``'s `` -m tool``,
    ``sys.executable + " -m tool"``'s string."""
    if isinstance(node, cst.BinaryOperation):
        right = _string(node.right) if isinstance(node.right, cst.BaseExpression) else None
        add = isinstance(node.operator, cst.Add) and _name(node.left) == "sys.executable"
        return [right] if add and right is not None else []
    parts = list(node.parts)
    return [
        part
        for before, part in zip(parts, parts[1:])
        if isinstance(before, cst.FormattedStringExpression)
        and _name(before.expression) == "sys.executable"
        and isinstance(part, cst.FormattedStringText)
    ]
