"""What an import call with a literal name imports: one rule for the plan and the string codemod.

``__import__("helper", globals(), None, ["x"], 1)``: a ``level`` of 1 or more makes the name relative to the
package of the ``globals()`` it is given, the file's own (:func:`import_level`); the plan lists it as a
``relative-path`` (planner/read_facts.py) and apply rewrites it as ``import_module(".helper", __package__)``
(codemods/string_contexts.py).

The codemod reads libcst, the plan ``ast``: the codemod gives these functions the call's own ``ast``
(:func:`call_ast`), so both ask the same questions of the same tree.
"""

from __future__ import annotations

import ast

from planner.python_source import Unparsable, dotted_name, parse_python

__all__ = ["call_ast", "import_level"]

#: How each call is called (a name or an import's dotted name) -> what it is.
_DUNDER = frozenset({"__import__", "builtins.__import__"})


def call_ast(source: str) -> ast.Call | None:
    """The ``ast`` of one call's source text (a libcst node's code), else ``None``."""
    try:
        tree = parse_python(f"(\n{source}\n)")
    except Unparsable:
        return None
    body = tree.body[0] if len(tree.body) == 1 else None
    return body.value if isinstance(body, ast.Expr) and isinstance(body.value, ast.Call) else None


def _argument(call: ast.Call, index: int, keyword: str) -> tuple[bool, ast.expr | None]:
    """(given, value) of the argument at ``index`` or by ``keyword``."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return True, None  # ``*args``/``**kwargs``: given, value unknown
    if len(call.args) > index:
        return True, call.args[index]
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    return found is not None, found


def import_level(call: ast.Call) -> int | None:
    """The ``level`` of ``__import__(name, globals, locals, fromlist, level)``: 0 when absent or ``0`` (also for any
    other call), the number when it is a literal above 0 and the package it counts from is the file's
    (``globals()``), else ``None`` (not known here: the name is no absolute path either)."""
    if dotted_name(call.func) not in _DUNDER:
        return 0
    given, value = _argument(call, 4, "level")
    if not given or (isinstance(value, ast.Constant) and value.value == 0):
        return 0
    if not (isinstance(value, ast.Constant) and type(value.value) is int and value.value > 0):
        return None
    _, scope = _argument(call, 1, "globals")
    own = isinstance(scope, ast.Call) and dotted_name(scope.func) == "globals" and not scope.args
    return value.value if own else None
