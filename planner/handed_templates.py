"""The helper side of planner/handed_file_names.py: the ``.py`` file name a function builds from its parameter.

``load_module(filename, ...)`` whose body builds ``path.with_name(f'{path.stem}_{suffix}.py')`` gives the template
``{stem}_*.py`` for its parameter ``filename``: :func:`templates` reads them (the ``built-file-helper`` facts) and
:func:`name_template` one string expression, also for a name a function hands on (``handed_on``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Container, Iterator, Mapping

from planner.facts import HELPER

_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|\{[^{}]*\}")
_TEMPLATE = re.compile(r"[\w.\-*]*(?:\{\}|\{stem\})[\w.\-*]*\.py\Z")
_DEPTH = 8
_PATHS = frozenset({"Path", "PurePath", "PosixPath", "PurePosixPath", "joinpath"})
Function = ast.FunctionDef | ast.AsyncFunctionDef


def positions(func: Function, skip: int) -> dict[str, int]:
    """Each parameter of ``func`` -> its position at a call (``-1`` keyword only), past ``skip`` (``self``)."""
    positional = [*func.args.posonlyargs, *func.args.args]
    position = {a.arg: i - skip for i, a in enumerate(positional) if i >= skip}
    position.update((a.arg, -1) for a in func.args.kwonlyargs)
    return position


def called_name(func: ast.expr) -> str:
    """The name a call's function is read by: ``load`` of ``load(...)`` and of ``x.load(...)``, else ""."""
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def functions(tree: ast.Module) -> Iterator[tuple[Function, int]]:
    """Each function with the number of its leading parameters a call does not give (``self``, ``cls``)."""
    methods: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            methods.update(id(f) for f in node.body if isinstance(f, Function))
        if isinstance(node, Function):
            static = any(called_name(d) == "staticmethod" for d in node.decorator_list)
            yield node, 1 if id(node) in methods and not static else 0


def own_nodes(func: Function) -> list[ast.AST]:
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


def templates(func: Function, skip: int) -> Iterator[tuple[str, int]]:
    """One walk of ``func`` for all its parameters together (review27: one walk per parameter, 1,000 of them,
    took 226 s): the names built from each parameter, then each string expression with exactly one hole."""
    position = positions(func, skip)
    nodes = own_nodes(func)
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
            template = name_template(node, _Derived(origin, param))
            if template is not None and _TEMPLATE.match(template.rpartition("/")[2]):
                template = _normal(f"{directories.get(id(node), '')}/{template}")
                yield f"{HELPER}{func.name}:{position[param]}:{param}:{template}", getattr(node, "lineno", func.lineno)


def _joined(node: ast.AST) -> tuple[ast.expr, list[ast.expr]] | None:
    """The last part of a path expression and the parts before it: ``a / b``, ``Path(a, b)``, ``os.path.join(a, b)``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return node.right, [node.left]
    if isinstance(node, ast.Call) and len(node.args) >= 2 and not node.keywords:
        called = called_name(node.func)
        if called.endswith("join") or called in _PATHS:
            return node.args[-1], node.args[:-1]
    return None


def _directory(parts: list[ast.expr]) -> tuple[str, bool]:
    """The literal directories that end ``parts`` (``'examples'`` of ``ROOT / 'examples'``), and whether all are."""
    found: list[str] = []
    for part in reversed(parts):
        if (text := literal(part)) is not None:
            found.insert(0, text)
            continue
        inner = (
            _joined(part)
            if not (isinstance(part, ast.Call) and called_name(part.func) in _PATHS)
            else (None, part.args)
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
        and (called_name(node.func).endswith("join") or called_name(node.func) in _PATHS)
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


def name_template(node: ast.AST, derived: Container[str]) -> str | None:
    """The file name a string expression builds (the part after its last ``/``), the parameter's value a hole."""
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        text = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else _hole(v.value, derived)  # type: ignore[attr-defined]
            for v in node.values
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and literal(node.right) is not None:
        parts = _added(node)
        text = "".join(t if (t := literal(p)) is not None else _hole(p, derived) for p in parts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and (left := literal(node.left)) is not None:
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        text = _filled(left, [_hole(v, derived) for v in values])
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        form = literal(node.func.value)
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


def literal(node: ast.expr) -> str | None:
    """A string constant's value; None for any other node."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _added(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]
