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
levels of call; a third is not followed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Container, Iterator, Mapping

from planner.facts import HANDED, HELPER

__all__ = ["HANDED", "HELPER", "handed_file_names", "handed_on"]

_SCREEN = re.compile(rb"""[\w.\-}'"]\.py['"]""")  # as planner/built_file_names.py's: a file building a .py name
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|\{[^{}]*\}")
_TEMPLATE = re.compile(r"[\w.\-*]*(?:\{\}|\{stem\})[\w.\-*]*\.py\Z")
_VALUE = re.compile(r"[\w.\-/]{1,200}")  # a stem or a relative path handed to a helper
_HANDED_ON = re.compile(r"[\w.\-/*]{0,100}\{\}[\w.\-*]{0,100}")  # a name handed on: ``{}``, ``{}_v1``
#: Methods of str, dict, list and os.path called with such strings everywhere: never a file-name helper.
_COMMON = frozenset(
    "get pop setdefault join split rsplit format startswith endswith replace encode decode append add update index "
    "count strip lstrip rstrip find rfind partition rpartition remove extend insert getattr setattr hasattr "
    "isinstance print open exists parametrize param fixture".split()
)
_DEPTH = 8
_PATHS = frozenset({"Path", "PurePath", "PosixPath", "PurePosixPath", "joinpath"})
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def handed_file_names(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """The helper and call-site facts of one file (module docstring), each key -> its line."""
    found: dict[str, int] = {}
    if _SCREEN.search(raw) is not None:
        for func, skip in _functions(tree):
            for key, line in _templates(func, skip):
                found.setdefault(key, line)
    for call, values in _calls(tree):
        name = _called(call.func)
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


def handed_on(func: _Function) -> Iterator[tuple[int, str, str, str, int, str]]:
    """``(line, callee, arg, parameter, position, template)`` for each call in the body of the module-level function
    ``func`` given its parameter (at ``position`` of a call of ``func``) at ``arg`` (a position or ``=keyword``), as
    is (``template`` ``{}``) or as the one hole of a string (``f"{plugin}_v1"``: ``{}_v1``); ``callee`` spelled as at
    a call (:func:`_callee`)."""
    position = _positions(func, 0)
    for node in _own_nodes(func):
        if not isinstance(node, ast.Call) or _called(node.func) in _COMMON or not (callee := _callee(node.func)):
            continue
        for arg, value in [
            *((str(i), a) for i, a in enumerate(node.args)),
            *((f"={k.arg}", k.value) for k in node.keywords if k.arg),
        ]:
            if isinstance(value, ast.Name) and value.id in position:
                yield node.lineno, callee, arg, value.id, position[value.id], "{}"
            elif isinstance(value, (ast.JoinedStr, ast.BinOp, ast.Call)):
                mentioned = {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n.id in position}
                template = _template(value, mentioned) if len(mentioned) == 1 else None
                if template is not None and "{}" in template and _HANDED_ON.fullmatch(template):
                    param = mentioned.pop()
                    yield node.lineno, callee, arg, param, position[param], template


def _positions(func: _Function, skip: int) -> dict[str, int]:
    """Each parameter of ``func`` -> its position at a call (``-1`` keyword only), past ``skip`` (``self``)."""
    positional = [*func.args.posonlyargs, *func.args.args]
    position = {a.arg: i - skip for i, a in enumerate(positional) if i >= skip}
    position.update((a.arg, -1) for a in func.args.kwonlyargs)
    return position


def _callee(func: ast.expr) -> str:
    """``load`` for ``load(...)``, ``util.load`` for a name's attribute, ``*.load`` for another object's: the plan
    joins the call to a helper only where that spelling can mean it (``yaml.load`` is not a conftest's ``load``)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{func.value.id if isinstance(func.value, ast.Name) else '*'}.{func.attr}"
    return ""


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _functions(tree: ast.Module) -> Iterator[tuple[_Function, int]]:
    """Each function with the number of its leading parameters a call does not give (``self``, ``cls``)."""
    methods: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            methods.update(id(f) for f in node.body if isinstance(f, _Function))
        if isinstance(node, _Function):
            static = any(_called(d) == "staticmethod" for d in node.decorator_list)
            yield node, 1 if id(node) in methods and not static else 0


def _own_nodes(func: _Function) -> list[ast.AST]:
    """The nodes of ``func``'s body, not those of a function nested in it (read as a function of its own): each
    node of the file is read once whatever the nesting (review27: 95 nested functions took 133 s)."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = list(reversed(func.body))
    while stack:
        node = stack.pop()
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found


def _templates(func: _Function, skip: int) -> Iterator[tuple[str, int]]:
    """One walk of ``func`` for all its parameters together (review27: one walk per parameter, 1,000 of them,
    took 226 s): the names built from each parameter, then each string expression with exactly one hole."""
    position = _positions(func, skip)
    nodes = _own_nodes(func)
    origin = _derived(nodes, position)
    inner: set[int] = set()  # an operand of a ``+`` chain: read with the whole chain only
    directories: dict[int, str] = {}  # a file-name expression -> the literal directory it is joined to
    for node in nodes:
        if id(node) in inner or not isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Call)):
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            inner.update(id(n) for n in ast.walk(node) if isinstance(n, ast.BinOp) and n is not node)
        if (joined := _joined(node)) is not None and (directory := _directory(joined[1])[0]):
            directories[id(joined[0])] = f"{directories.get(id(node), '')}/{directory}".lstrip("/")
        for param in sorted(_sources(node, origin), key=lambda p: (position[p], p)):
            template = _template(node, _Derived(origin, param))
            if template is not None and _TEMPLATE.match(template.rpartition("/")[2]):
                template = _normal(f"{directories.get(id(node), '')}/{template}")
                yield f"{HELPER}{func.name}:{position[param]}:{param}:{template}", getattr(node, "lineno", func.lineno)


def _joined(node: ast.AST) -> tuple[ast.expr, list[ast.expr]] | None:
    """The last part of a path expression and the parts before it: ``a / b``, ``Path(a, b)``, ``os.path.join(a, b)``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return node.right, [node.left]
    if isinstance(node, ast.Call) and len(node.args) >= 2 and not node.keywords:
        called = _called(node.func)
        if called.endswith("join") or called in _PATHS:
            return node.args[-1], node.args[:-1]
    return None


def _directory(parts: list[ast.expr]) -> tuple[str, bool]:
    """The literal directories that end ``parts`` (``'examples'`` of ``ROOT / 'examples'``), and whether all are."""
    found: list[str] = []
    for part in reversed(parts):
        if (text := _text(part)) is not None:
            found.insert(0, text)
            continue
        inner = (
            _joined(part) if not (isinstance(part, ast.Call) and _called(part.func) in _PATHS) else (None, part.args)
        )
        if inner is None or (isinstance(part, ast.Call) and part.keywords):
            return "/".join(found), False
        head, complete = _directory([*inner[1], *([inner[0]] if inner[0] is not None else [])])
        found.insert(0, head)
        if not complete:
            return "/".join(found), False
    return "/".join(found), True


def _normal(path: str) -> str:
    """``path`` without empty and ``.`` parts, nor those up to its last ``..``, nor a directory with a hole."""
    *directory, name = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in directory:
        directory = directory[len(directory) - directory[::-1].index("..") :]
    if any(c in part for part in directory for c in "{}*:"):
        directory = []
    return "/".join([*directory, name])


class _Derived:
    """The names built from one parameter, as a container (``name in derived``), without listing them."""

    def __init__(self, origin: Mapping[str, set[str]], param: str) -> None:
        self.origin, self.param = origin, param

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.param in self.origin.get(name, ())


def _sources(node: ast.AST, origin: Mapping[str, set[str]]) -> set[str]:
    """The parameters the names of ``node`` are built from."""
    found: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in origin:
            found |= origin[n.id]
    return found


def _derived(nodes: list[ast.AST], position: Mapping[str, int]) -> dict[str, set[str]]:
    """Each parameter and each name assigned, in the function, a value built from parameters
    (``path = ROOT / filename``) -> those parameters."""
    origin: dict[str, set[str]] = {p: {p} for p in position}
    assigns = [
        (node.targets if isinstance(node, ast.Assign) else [node.target], node.value)
        for node in nodes
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None
    ]
    for _ in range(_DEPTH):
        changed = False
        for targets, value in assigns:
            sources = set().union(*(_sources(part, origin) for part in _last_parts(value)))
            for target in targets:
                if sources and isinstance(target, ast.Name) and not sources <= origin.setdefault(target.id, set()):
                    origin[target.id] |= sources
                    changed = True
        if not changed:
            break
    return origin


def _last_parts(node: ast.expr) -> list[ast.expr]:
    """The part of a path expression its file name comes from: ``b`` of ``a / b``, of ``Path(a, b)`` and of
    ``os.path.join(a, b)`` (the directory ``a`` is not the name); each branch of ``b if c else d``."""
    if isinstance(node, ast.IfExp):
        return [*_last_parts(node.body), *_last_parts(node.orelse)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _last_parts(node.right)
    if (
        isinstance(node, ast.Call)
        and node.args
        and (_called(node.func).endswith("join") or _called(node.func) in _PATHS)
    ):
        return _last_parts(node.args[-1])
    return [node]


def _mentions(node: ast.AST, names: Container[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _hole(node: ast.expr, derived: Container[str]) -> str:
    """``{}`` for a value built from the parameter, ``{stem}`` for its ``.stem``, ``*`` for any other value."""
    if isinstance(node, ast.Attribute) and node.attr == "stem" and _mentions(node.value, derived):
        return "{stem}"
    return "{}" if _mentions(node, derived) else "*"


def _template(node: ast.AST, derived: Container[str]) -> str | None:
    """The file name a string expression builds (the part after its last ``/``), the parameter's value a hole."""
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        text = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else _hole(v.value, derived)  # type: ignore[attr-defined]
            for v in node.values
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _text(node.right) is not None:
        parts = _added(node)
        text = "".join(t if (t := _text(p)) is not None else _hole(p, derived) for p in parts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and (left := _text(node.left)) is not None:
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        text = _filled(left, [_hole(v, derived) for v in values])
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        form = _text(node.func.value)
        text = _filled(form, [_hole(v, derived) for v in node.args]) if form is not None else ""
    else:
        return None
    if text.count("{}") + text.count("{stem}") != 1:
        return None
    directory, _, name = text.replace("\\", "/").rpartition("/")
    if any(c in directory for c in "{}*"):
        directory = ""  # a name built into the directory: only the file's name is known
    name = re.sub(r"\*+", "*", name)
    return f"{directory}/{name}".lstrip("/")


def _filled(form: str, holes: list[str]) -> str:
    """``form`` with its placeholders replaced in order by ``holes`` (``*`` past the last)."""
    it = iter(holes)
    return _PLACEHOLDER.sub(lambda _: next(it, "*"), form)


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _added(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]


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
        elif isinstance(node, _Function):
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


def _parametrized(func: _Function) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for deco in func.decorator_list:
        if not (isinstance(deco, ast.Call) and _called(deco.func) == "parametrize" and len(deco.args) >= 2):
            continue
        names_node, values_node = deco.args[0], deco.args[1]
        if (text := _text(names_node)) is not None:
            names = [n.strip() for n in text.split(",")]
        elif isinstance(names_node, (ast.List, ast.Tuple)):
            names = [_text(n) or "" for n in names_node.elts]
        else:
            continue
        if not isinstance(values_node, (ast.List, ast.Tuple)):
            continue
        for row in values_node.elts:
            if isinstance(row, ast.Call) and _called(row.func) == "param":
                row = ast.Tuple(elts=row.args) if len(names) > 1 else (row.args[0] if row.args else row)
            cells = row.elts if len(names) > 1 and isinstance(row, (ast.List, ast.Tuple)) else [row]
            for name, cell in zip(names, cells, strict=False):
                if (value := _text(cell)) is not None:
                    found.setdefault(name, []).append(value)
    return found


def _strings(node: ast.expr, values: Mapping[str, list[str]]) -> list[str]:
    """The path-like strings an argument is: a literal, or a parametrized parameter's values."""
    found = [t] if (t := _text(node)) is not None else values.get(node.id, []) if isinstance(node, ast.Name) else []
    return [v for v in found if _VALUE.fullmatch(v) and any(c.isalpha() for c in v)]
