"""A bare file name compared with the names a directory listing gives (issue 13, trialA, after sqlite-utils 4.2.1).

sqlite-utils finds its users' ``migrations.py`` by ``path.rglob("migrations.py")`` (a glob's pattern below the
directory it searches, planner/joined_file_names.py); a tool that walks the directory itself names the file the
same way: ``for root, dirs, files in os.walk(d): if "migrations.py" in files``, ``"setup.py" in os.listdir(d)``,
``[p for p in Path(d).iterdir() if p.name == "conftest.py"]``. The name is a file of that directory, as a path
join's later part is: :func:`searched_parts` gives each such string with the directory listed, and
planner/joined_file_names.py reads them with its joins (the module's own directory: its file, rewritten; another
one: listed for a person with the file's other mentions; a temporary one: the test's file). A comparison with a
name the listing did not give (``if name == "main.py"`` of a parameter) is read as before.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

__all__ = ["searched_parts"]

#: ``os.walk(d)`` and pathlib's ``d.walk()`` (3.12): ``(root, dirs, files)`` for each directory below ``d``
_WALKS = frozenset({"walk", "fwalk"})
#: the names of a directory's entries: ``os.listdir(d)``, ``os.scandir(d)``, ``d.iterdir()``
_LISTINGS = frozenset({"listdir", "scandir", "iterdir"})
#: calls that hand a listing on unchanged in what it names: ``sorted(os.listdir(d))``
_KEEPING = frozenset({"sorted", "list", "set", "tuple", "reversed", "iter"})
_COMPARING = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _listing(expr: ast.expr, walks: bool) -> ast.expr | None:
    """The directory ``expr`` lists (``os.listdir(d)``: ``d``; ``walks``: ``os.walk(d)`` instead), else ``None``: a
    listing of the working directory (``os.listdir()``) or any other value."""
    while isinstance(expr, ast.Call) and _called(expr.func) in _KEEPING and len(expr.args) == 1:
        expr = expr.args[0]
    if not isinstance(expr, ast.Call) or _called(expr.func) not in (_WALKS if walks else _LISTINGS):
        return None
    func = expr.func
    if isinstance(func, ast.Attribute) and not (isinstance(func.value, ast.Name) and func.value.id == "os"):
        return func.value  # ``Path(d).iterdir()``, ``Path(d).walk()``
    first = expr.args[0] if expr.args else next((k.value for k in expr.keywords if k.arg in {"path", "top"}), None)
    return first


def _names(target: ast.expr, walks: bool) -> set[str]:
    """The names a loop over a listing binds to its entries: ``f`` of ``for f in os.listdir(d)``; ``dirs`` and
    ``files`` of ``for root, dirs, files in os.walk(d)``."""
    if walks:
        if isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == 3:
            return {t.id for t in target.elts[1:] if isinstance(t, ast.Name)}
        return set()
    return {target.id} if isinstance(target, ast.Name) else set()


def _entry(expr: ast.expr, names: set[str]) -> bool:
    """Is ``expr`` one of the listing's entries or lists (``f``, ``files``), or an entry's name (``p.name``)?"""
    if isinstance(expr, ast.Attribute) and expr.attr == "name":
        expr = expr.value
    return isinstance(expr, ast.Name) and expr.id in names


def _compared(nodes: list[ast.AST], names: set[str]) -> Iterator[ast.Constant]:
    """The ``.py`` strings ``nodes`` compare with the listing's entries (``f == "x.py"``, ``"x.py" in files``)."""
    names = set(names)
    for node in nodes:  # a loop over an entry list names its items: ``for f in files``
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and isinstance(node.target, ast.Name):
            if isinstance(node.iter, ast.Name) and node.iter.id in names:
                names.add(node.target.id)
    for node in nodes:
        if isinstance(node, ast.Compare) and all(isinstance(op, _COMPARING) for op in node.ops):
            operands = [node.left, *node.comparators]
            if any(_entry(operand, names) for operand in operands):
                yield from (o for o in operands if isinstance(o, ast.Constant) and isinstance(o.value, str))


def searched_parts(node: ast.AST) -> Iterator[tuple[ast.Constant, list[ast.expr]]]:
    """Each string naming a file that ``node`` looks for among a directory's entries, with the directory as the
    one part above it: ``"x.py" in os.listdir(d)``, a loop or comprehension over ``os.listdir(d)``,
    ``os.scandir(d)``, ``d.iterdir()`` comparing its entry (or the entry's ``.name``), a loop over ``os.walk(d)``
    comparing its ``dirs`` or ``files`` (or their items)."""
    if isinstance(node, ast.Compare) and all(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
        for left, right in zip([node.left, *node.comparators], node.comparators, strict=False):
            if isinstance(left, ast.Constant) and isinstance(left.value, str):
                if (directory := _listing(right, walks=False)) is not None:
                    yield left, [directory]
        return
    loops: list[tuple[ast.expr, ast.expr, list[ast.AST]]] = []
    if isinstance(node, (ast.For, ast.AsyncFor)):
        loops.append((node.iter, node.target, [n for statement in node.body for n in ast.walk(statement)]))
    elif isinstance(node, _COMPREHENSIONS):
        loops.extend((g.iter, g.target, list(ast.walk(node))) for g in node.generators)
    for iterable, target, nodes in loops:
        for walks in (False, True):
            directory = _listing(iterable, walks)
            if directory is not None and (names := _names(target, walks)):
                yield from ((string, [directory]) for string in _compared(nodes, names))
