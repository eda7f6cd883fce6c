"""A name handed to a helper of another file (or scope) that completes it into a ``.py`` file name (issue 13, falcon).

falcon's tests load its recipes through a conftest helper, ``util.load_module('raw_url_path',
parent_dir='examples/recipes', suffix=app_kind)``, whose body builds the file's name from its parameter::

    @staticmethod
    def load_module(filename, parent_dir=None, suffix=None, module_name=None):
        ...
        path = FALCON_ROOT / filename
        if suffix is not None:
            path = path.with_name(f'{path.stem}_{suffix}.py')
        spec = importlib.util.spec_from_file_location(module_name, path)

The file name is split between the call site (the stem) and the helper (``{stem}_*.py``): the helper's glob alone,
``*_*.py``, spells no name (planner/built_file_names.py keeps nothing for it) and the stem is no file's name, so
``raw_url_path_asgi.py`` was renamed and 6 tests lost their recipe. Here each side is a fact of its own file:

- ``built-file-helper:NAME:POS:PARAM:TEMPLATE``: a function (or method) ``NAME`` builds a ``.py`` file name in which
  one value comes from its parameter ``PARAM`` (``POS``: its position at a call, ``-1`` keyword only), directly or
  through names assigned from it in the function; ``TEMPLATE`` is the name, ``{}`` for the parameter's value
  (``{stem}`` when its ``.stem`` is taken), ``*`` for any other value.
- ``built-file-call:CALLEE:ARG:VALUE``: a call of ``CALLEE`` (``helper``, ``util.helper``, ``*.helper`` for an
  attribute of another expression) given a path-like
  string at ``ARG`` (a position or ``=keyword``): a literal, or a test's parameter whose values a
  ``pytest.mark.parametrize`` of the enclosing function lists.

The plan joins them (planner/handed_name_join.py) when the helper is one the caller can reach: the same file, a
``conftest.py`` of the caller's directory or one above it (its fixtures and their objects), or a module the caller
imports, also under another name (``from tools.loader import run_plugin as rp``). The template filled with the value
(``raw_url_path_*.py``) is read as a glob, and each module whose file name it matches keeps its name, as a built
file name's does. A module-level function that hands its parameter on to a helper (:func:`handed_on`, read at plan
time only in the files that define a function called with such a string and name a helper) is a helper too: two
levels of call; a third is not followed. The helper side (the template a function builds from its parameter) is
planner/handed_templates.py; the call side is here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping

from planner.facts import HANDED, HELPER
from planner.handed_templates import (
    Function,
    called_name,
    functions,
    literal,
    name_template,
    own_nodes,
    positions,
    templates,
)

__all__ = ["HANDED", "HELPER", "handed_file_names", "handed_on"]

_SCREEN = re.compile(rb"""[\w.\-}'"]\.py['"]""")  # as planner/built_file_names.py's: a file building a .py name
_VALUE = re.compile(r"[\w.\-/]{1,200}")  # a stem or a relative path handed to a helper
_HANDED_ON = re.compile(r"[\w.\-/*]{0,100}\{\}[\w.\-*]{0,100}")  # a name handed on: ``{}``, ``{}_v1``
#: Methods of str, dict, list and os.path called with such strings everywhere: never a file-name helper.
_COMMON = frozenset(
    "get pop setdefault join split rsplit format startswith endswith replace encode decode append add update index "
    "count strip lstrip rstrip find rfind partition rpartition remove extend insert getattr setattr hasattr "
    "isinstance print open exists parametrize param fixture".split()
)


def handed_file_names(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """The helper and call-site facts of one file (module docstring), each key -> its line."""
    found: dict[str, int] = {}
    if _SCREEN.search(raw) is not None:
        for func, skip in functions(tree):
            for key, line in templates(func, skip):
                found.setdefault(key, line)
    for call, values in _calls(tree):
        name = called_name(call.func)
        if not name or name in _COMMON:
            continue
        name = _callee(call.func)
        if not name:
            continue
        for arg, node in [
            *((str(i), a) for i, a in enumerate(call.args)),
            *((f"={k.arg}", k.value) for k in call.keywords if k.arg),
        ]:
            for value in _strings(node, values):
                found.setdefault(f"{HANDED}{name}:{arg}:{value}", call.lineno)
    return found


def handed_on(func: Function) -> Iterator[tuple[int, str, str, str, int, str]]:
    """``(line, callee, arg, parameter, position, template)`` for each call in the body of the module-level function
    ``func`` given its parameter (at ``position`` of a call of ``func``) at ``arg`` (a position or ``=keyword``), as
    is (``template`` ``{}``) or as the one hole of a string (``f"{plugin}_v1"``: ``{}_v1``); ``callee`` spelled as at
    a call (:func:`_callee`)."""
    position = positions(func, 0)
    for node in own_nodes(func):
        if not isinstance(node, ast.Call) or called_name(node.func) in _COMMON or not (callee := _callee(node.func)):
            continue
        for arg, value in [
            *((str(i), a) for i, a in enumerate(node.args)),
            *((f"={k.arg}", k.value) for k in node.keywords if k.arg),
        ]:
            if isinstance(value, ast.Name) and value.id in position:
                yield node.lineno, callee, arg, value.id, position[value.id], "{}"
            elif isinstance(value, (ast.JoinedStr, ast.BinOp, ast.Call)):
                mentioned = {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n.id in position}
                template = name_template(value, mentioned) if len(mentioned) == 1 else None
                if template is not None and "{}" in template and _HANDED_ON.fullmatch(template):
                    param = mentioned.pop()
                    yield node.lineno, callee, arg, param, position[param], template


def _callee(func: ast.expr) -> str:
    """``load`` for ``load(...)``, ``util.load`` for a name's attribute, ``*.load`` for another object's: the plan
    joins the call to a helper only where that spelling can mean it (``yaml.load`` is not a conftest's ``load``)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{func.value.id if isinstance(func.value, ast.Name) else '*'}.{func.attr}"
    return ""


def _calls(tree: ast.Module) -> Iterator[tuple[ast.Call, Mapping[str, list[str]]]]:
    """Each call, with the values a ``pytest.mark.parametrize`` of its enclosing function gives its parameters: one
    walk of the file in ``ast.iter_child_nodes``' order, depth first; a function's given values hold for the nodes
    below it (an entry on the stack puts the outer ones back after them). Nodes that hold no call (names, constants,
    operators, contexts, imports) are not entered: this walk was a third of reading a file's facts (sympy: 12 of 34 s
    for its 1,543 files, more than parsing them)."""
    given: Mapping[str, list[str]] = {}
    stack: list[ast.AST | _Restore] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, _Restore):
            given = node.given
            continue
        if isinstance(node, ast.Call):
            yield node, given
        elif isinstance(node, Function):
            stack.append(_Restore(given))
            given = {**given, **_parametrized(node)}
        for field in reversed(node._fields):
            value = getattr(node, field, None)
            if isinstance(value, list):
                stack.extend(v for v in reversed(value) if isinstance(v, ast.AST) and type(v) not in _NO_CALLS)
            elif isinstance(value, ast.AST) and type(value) not in _NO_CALLS:
                stack.append(value)


class _Restore:
    """On :func:`_calls`' stack, below a function's nodes: the given values outside it."""

    __slots__ = ("given",)

    def __init__(self, given: Mapping[str, list[str]]) -> None:
        self.given = given


#: Node types with no call below them (a name's context, an operator, a constant, an import).
_NO_CALLS = frozenset(
    {
        *(
            c
            for base in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
            for c in base.__subclasses__()
        ),
        ast.Name,
        ast.Constant,
        ast.Import,
        ast.ImportFrom,
        ast.alias,
        ast.Pass,
        ast.Break,
        ast.Continue,
        ast.Global,
        ast.Nonlocal,
    }
)


def _parametrized(func: Function) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for deco in func.decorator_list:
        if not (isinstance(deco, ast.Call) and called_name(deco.func) == "parametrize" and len(deco.args) >= 2):
            continue
        names_node, values_node = deco.args[0], deco.args[1]
        if (text := literal(names_node)) is not None:
            names = [n.strip() for n in text.split(",")]
        elif isinstance(names_node, (ast.List, ast.Tuple)):
            names = [literal(n) or "" for n in names_node.elts]
        else:
            continue
        if not isinstance(values_node, (ast.List, ast.Tuple)):
            continue
        for row in values_node.elts:
            if isinstance(row, ast.Call) and called_name(row.func) == "param":
                row = ast.Tuple(elts=row.args) if len(names) > 1 else (row.args[0] if row.args else row)
            cells = row.elts if len(names) > 1 and isinstance(row, (ast.List, ast.Tuple)) else [row]
            for name, cell in zip(names, cells, strict=False):
                if (value := literal(cell)) is not None:
                    found.setdefault(name, []).append(value)
    return found


def _strings(node: ast.expr, values: Mapping[str, list[str]]) -> list[str]:
    """The path-like strings an argument is: a literal, or a parametrized parameter's values."""
    found = [t] if (t := literal(node)) is not None else values.get(node.id, []) if isinstance(node, ast.Name) else []
    return [v for v in found if _VALUE.fullmatch(v) and any(c.isalpha() for c in v)]
