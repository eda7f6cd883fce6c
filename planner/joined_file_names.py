"""A bare file name joined onto a directory that is not its module's (issue 13, uvicorn 0.55.0).

uvicorn's ``test_app_dir`` writes a user's application to ``tmp_path / "dir" / "app_dir" / "main.py"`` and
loads it as ``"main:app"``. ``uvicorn/main.py`` is the only ``main.py`` of the checkout, so the string was
taken for that module's file by its bare name (a ``file-name`` reference, anchor ``R19_bare_file_name``),
rewritten, and the test lost its application. A bare file name that a path join puts below a directory (the
right operand of ``/``, a later argument of ``os.path.join``, an argument of ``.joinpath``) names a file of
that directory: the module's own only where the directory comes from a ``__file__`` (``Path(__file__).parent /
"core.py"``, ``os.path.join(os.path.dirname(pkg.__file__), "core.py")``, a name assigned such a value anywhere in
the file, ``importlib.resources.files(...)``). Elsewhere the name, and every other mention of it in that file, is
listed for a person (``joined-file-name``, a follow-up) and left: the file uses it for files of other directories
(uvicorn's ``conftest.py`` lists ``("src", ["main.py"])`` for the tree it builds and joins the root's
``main.py``; rewriting the list alone broke the reload tests that join it). planner/dynamic_imports.py and
codemods/rewrite_string_refs.py both ask :func:`joined_names`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from planner.reference_kinds import BARE_FILE_NAME

__all__ = ["joined_names", "joined_strings"]

_DEPTH = 8  # names followed through their assignments, at most
_OWN = frozenset({"__file__", "__path__", "__spec__"})


def _values(tree: ast.Module) -> dict[str, list[ast.expr]]:
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and isinstance(node.target, ast.Name):
            if node.value is not None:
                found.setdefault(node.target.id, []).append(node.value)
    return found


def _own(expr: ast.expr, values: Mapping[str, list[ast.expr]], depth: int = 0) -> bool:
    """Does the directory ``expr`` come from a module's own file (``__file__``, ``files(...)``)?"""
    for node in ast.walk(expr):
        if isinstance(node, ast.Name) and node.id in _OWN or isinstance(node, ast.Attribute) and node.attr in _OWN:
            return True
        if isinstance(node, ast.Call) and _called(node.func).endswith("files"):
            return True  # importlib.resources.files(pkg)
        if isinstance(node, ast.Name) and depth < _DEPTH:
            if any(_own(value, values, depth + 1) for value in values.get(node.id, ())):
                return True
    return False


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _strings(nodes: list[ast.expr]) -> list[ast.Constant]:
    return [n for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str) and ".py" in n.value]


def _joined(tree: ast.Module) -> Iterator[tuple[ast.Constant, ast.expr]]:
    """Each string constant naming a ``.py`` file that a path join puts below a directory, with the directory."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            yield from ((string, node.left) for string in _strings([node.right]))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name == "join" and _called(node.func.value) == "path":  # os.path.join(base, "x.py")
                yield from ((string, node.args[0]) for string in _strings(node.args[1:]))
            elif name == "joinpath":
                yield from ((string, node.func.value) for string in _strings(node.args))


def joined_strings(tree: ast.Module) -> list[ast.Constant]:
    """The string constants naming a ``.py`` file that a path join puts below a directory that is no module's own."""
    values: dict[str, list[ast.expr]] | None = None
    found: list[ast.Constant] = []
    for string, directory in _joined(tree):
        values = _values(tree) if values is None else values
        if not _own(directory, values):
            found.append(string)
    return found


def joined_names(tree: ast.Module) -> set[str]:
    """The bare file names (``main.py``) :func:`joined_strings` holds: every mention of such a name in the file, a
    list's ``("src", ["main.py"])`` or a docstring's drawing of the tree too, names that other directory's file
    (uvicorn's ``conftest.py`` builds its reload tree from such a list and joins the root's ``main.py``)."""
    return {str(s.value) for s in joined_strings(tree) if BARE_FILE_NAME.fullmatch(str(s.value))}
