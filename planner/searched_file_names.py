"""A bare file name compared with the names a directory listing gives (issue 13, trialA, after sqlite-utils 4.2.1).

sqlite-utils finds its users' ``migrations.py`` by ``path.rglob("migrations.py")`` (a glob's pattern below the
directory it searches, planner/joined_file_names.py); a tool that walks the directory itself names the file the
same way: ``for root, dirs, files in os.walk(d): if "migrations.py" in files``, ``"setup.py" in os.listdir(d)``,
``[p for p in Path(d).iterdir() if p.name == "conftest.py"]``. The name is a file of that directory, as a path
join's later part is: :func:`searched_parts` gives each such string with the directory listed, and
planner/joined_file_names.py reads them with its joins (the module's own directory: its file, rewritten; another
one: listed for a person with the file's other mentions; a temporary one: the test's file). A comparison with a
name the listing did not give (``if name == "main.py"`` of a parameter) is read as before. The same holds for a
listing held by a name bound once in the file (``names = os.listdir(d)``, then ``"main.py" in names``: review30), a
glob's entries (``d.rglob("*.py")``), a name matched rather than compared (``f.endswith("main.py")``,
``fnmatch.fnmatch(f, "main.py")``, ``fnmatch.filter(os.listdir(d), "main.py")``) and a listing compared whole
(``sorted(os.listdir(d)) == ["main.py"]``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

__all__ = ["held_listings", "searched_parts"]

#: ``os.walk(d)`` and pathlib's ``d.walk()`` (3.12): ``(root, dirs, files)`` for each directory below ``d``
_WALKS = frozenset({"walk", "fwalk"})
#: the names of a directory's entries: ``os.listdir(d)``, ``os.scandir(d)``, ``d.iterdir()``
_LISTINGS = frozenset({"listdir", "scandir", "iterdir"})
#: a path's own search: ``d.glob("*.py")``, ``d.rglob("*")`` (its entries are paths below ``d``; the ``glob``
#: module's functions give strings of the pattern's directory, not read here)
_GLOBS = frozenset({"glob", "rglob"})
#: an entry's name matched with a string: ``f.endswith("x.py")``, ``p.match("x.py")``
_MATCHING = frozenset({"endswith", "match", "full_match"})
#: ``fnmatch.fnmatch(f, "x.py")``, ``fnmatch.fnmatchcase``; ``fnmatch.filter(names, "x.py")`` takes the listing
_FNMATCH = frozenset({"fnmatch", "fnmatchcase"})
#: calls that hand a listing on unchanged in what it names: ``sorted(os.listdir(d))``
_KEEPING = frozenset({"sorted", "list", "set", "tuple", "reversed", "iter"})
_COMPARING = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def held_listings(tree: ast.AST, nodes: Iterable[ast.AST] | None = None) -> dict[str, ast.expr]:
    """The names the file binds once (one ``name = ...`` in any scope, no other binding of it as an assignment's
    target) to a directory's listing or walk: ``names = sorted(os.listdir(d))`` -> ``{"names": <the listing>}``.
    ``nodes``: every node of ``tree``, when the caller has them (one walk per file: planner/python_source.py's
    ``walk_once``)."""
    values: dict[str, ast.expr] = {}
    bound: dict[str, int] = {}
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound[node.id] = bound.get(node.id, 0) + 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if _listing(node.value, False) is not None or _listing(node.value, True) is not None:
                values[node.targets[0].id] = node.value
    return {name: value for name, value in values.items() if bound.get(name) == 1}


def _listing(expr: ast.expr, walks: bool, held: Mapping[str, ast.expr] | None = None) -> ast.expr | None:
    """The directory ``expr`` lists (``os.listdir(d)``: ``d``; ``walks``: ``os.walk(d)`` instead), else ``None``: a
    listing of the working directory (``os.listdir()``) or any other value. ``held``: names bound to a listing."""
    if held and isinstance(expr, ast.Name) and expr.id in held:
        expr = held[expr.id]
    while isinstance(expr, ast.Call) and _called(expr.func) in _KEEPING and len(expr.args) == 1:
        expr = expr.args[0]
    if not walks and isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        receiver = expr.func.value
        if expr.func.attr in _GLOBS and not (isinstance(receiver, ast.Name) and receiver.id == "glob"):
            return receiver
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


def _matched(node: ast.AST, names: set[str]) -> Iterator[ast.Constant]:
    """The string an entry is matched with: ``f.endswith("x.py")``, ``fnmatch.fnmatch(p.name, "x.py")``."""
    if not isinstance(node, ast.Call) or not node.args:
        return
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in _MATCHING and _entry(func.value, names):
        strings = node.args[:1]
    elif _called(func) in _FNMATCH and len(node.args) == 2 and _entry(node.args[0], names):
        strings = node.args[1:]
    else:
        return
    yield from (s for s in strings if isinstance(s, ast.Constant) and isinstance(s.value, str))


def _items(expr: ast.expr) -> list[ast.Constant]:
    """The strings of a literal list, tuple or set (a listing compared whole: ``sorted(os.listdir(d)) == [...]``)."""
    elts = expr.elts if isinstance(expr, (ast.List, ast.Tuple, ast.Set)) else []
    return [e for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _compared(nodes: list[ast.AST], names: set[str]) -> Iterator[ast.Constant]:
    """The ``.py`` strings ``nodes`` compare with the listing's entries (``f == "x.py"``, ``"x.py" in files``)."""
    names = set(names)
    for node in nodes:  # a loop over an entry list names its items: ``for f in files``
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and isinstance(node.target, ast.Name):
            if isinstance(node.iter, ast.Name) and node.iter.id in names:
                names.add(node.target.id)
    for node in nodes:
        yield from _matched(node, names)
        if isinstance(node, ast.Compare) and all(isinstance(op, _COMPARING) for op in node.ops):
            operands = [node.left, *node.comparators]
            if any(_entry(operand, names) for operand in operands):
                yield from (o for o in operands if isinstance(o, ast.Constant) and isinstance(o.value, str))


def searched_parts(
    node: ast.AST, held: Mapping[str, ast.expr] | None = None
) -> Iterator[tuple[ast.Constant, list[ast.expr]]]:
    """Each string naming a file that ``node`` looks for among a directory's entries, with the directory as the
    one part above it: ``"x.py" in os.listdir(d)``, a loop or comprehension over ``os.listdir(d)``,
    ``os.scandir(d)``, ``d.iterdir()`` comparing its entry (or the entry's ``.name``), a loop over ``os.walk(d)``
    comparing its ``dirs`` or ``files`` (or their items); ``held``: names the file binds to a listing
    (:func:`held_listings`)."""
    if isinstance(node, ast.Compare) and all(isinstance(op, _COMPARING) for op in node.ops):
        for left, right in zip([node.left, *node.comparators], node.comparators, strict=False):
            for one, other in ((left, right), (right, left)):
                if (directory := _listing(other, False, held)) is None:
                    continue
                if isinstance(one, ast.Constant) and isinstance(one.value, str) and one is left:
                    yield one, [directory]  # ``"x.py" in os.listdir(d)``
                yield from ((string, [directory]) for string in _items(one))  # ``sorted(os.listdir(d)) == [...]``
        return
    if isinstance(node, ast.Call) and _called(node.func) == "filter" and len(node.args) == 2:
        directory = _listing(node.args[0], False, held)  # ``fnmatch.filter(os.listdir(d), "x.py")``
        pattern = node.args[1]
        if directory is not None and isinstance(pattern, ast.Constant) and isinstance(pattern.value, str):
            yield pattern, [directory]
        return
    loops: list[tuple[ast.expr, ast.expr, list[ast.AST]]] = []
    if isinstance(node, (ast.For, ast.AsyncFor)):
        loops.append((node.iter, node.target, [n for statement in node.body for n in ast.walk(statement)]))
    elif isinstance(node, _COMPREHENSIONS):
        loops.extend((g.iter, g.target, list(ast.walk(node))) for g in node.generators)
    for iterable, target, nodes in loops:
        for walks in (False, True):
            directory = _listing(iterable, walks, held)
            if directory is not None and (names := _names(target, walks)):
                yield from ((string, [directory]) for string in _compared(nodes, names))
