"""A dotted module path folded from a constant prefix and literal parts: one rule for the plan and apply (issue 13).

``runpy.run_module(PKG + ".m1")`` with ``PKG = "pkg"``, ``find_spec(f"{PKG}.m2")``, ``mock.patch(PREFIX + "VALUE")``
with ``PREFIX = "pkg.m1."``, ``{"class": __package__ + ".handlers.ListHandler"}`` for logging's ``dictConfig``,
``".".join([PKG, "backends", "Mem"])`` and ``"%s.backends.Mem" % PKG`` for an ``import_string``, a default argument
``name="pkg" + ".util"``, ``[sys.executable, "-m", f"{__package__}.cli"]``, ``".".join(__name__.split(".")[:-1] +
["m5"])``: each builds, from parts whose values are known in the file, a constant dotted path naming a module. After
the rename the path named nothing, and nothing was listed: the old path was no literal anywhere, and a shim cannot
serve ``run_module``/``python -m`` (the shim runs, not the module: its globals are not the module's).

:func:`folded_paths` reads each string built from parts (``+``, f-string, ``%``, ``str.format``, a literal list's
``".".join``) whose every part is known: a string literal, a module-level name bound once (to such a value),
a name the function assigned above, ``__name__``, ``__package__``, ``__spec__.parent`` and the module's parent
(``__name__.rpartition(".")[0]``, ``".".join(__name__.split(".")[:-1] + [...])``). Where the text is a dotted
path, :func:`renamed_part` tells where the renamed module's last segment stands: inside one plain literal (apply
rewrites that literal there, the plan lists a ``computed-path`` rewrite on its line), in the file's own
``__name__`` (the name follows the rename: nothing to do), or elsewhere (split over parts, an escaped literal:
listed ``computed-import``, kept alive by a shim; ``computed-run`` for a ``run_module``/``-m`` target, a follow-up).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import NamedTuple

from planner.computed_names import built_string, local_values
from planner.constant_names import bound_once
from planner.folded_strings import Folder, Literal, Piece, split_head
from planner.module_calls import reference_kind
from planner.param_candidates import parametrized_bindings
from planner.python_source import dotted_name, parse_python, walk_once

__all__ = [
    "Folded",
    "Literal",
    "Piece",
    "computed_renames",
    "folded_paths",
    "listed_paths",
    "named_paths",
    "renamed_part",
    "runs_module",
]

#: ``pkg.mod``, ``pkg.mod.Class``, ``pkg.mod:attr``: the texts that are module paths
_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?"


class Folded(NamedTuple):
    """A string built from known parts: the line it starts on, its text and parts, and whether a shim cannot
    serve it (``runpy.run_module``, ``python -m``: the module runs by the path)."""

    line: int
    text: str
    pieces: tuple[Piece, ...]
    runs: bool
    code: bool = False  #: Python source given to ``exec``/``eval``/``compile``: its imports name modules


def folded_paths(
    tree: ast.Module,
    source: str,
    file_name: str,
    package: str,
    walked: tuple[list[ast.AST], dict[int, ast.AST]] | None = None,
) -> Iterator[Folded]:
    """Each outermost string of ``tree`` (the ``ast`` of ``source``) built from known parts whose text is a dotted
    path (see the module docstring). ``file_name``: the file's module; ``package``: the package it is in;
    ``walked``: ``walk_once(tree)``, when the caller has it."""
    lines = source.split("\n")
    nodes, parents = walk_once(tree) if walked is None else walked
    values = bound_once(tree, nodes)
    assignments: dict[int, list[tuple[int, str, ast.expr]]] = {}  # each function walked once
    conftest = file_name.rpartition(".")[2] == "conftest"
    loads = Counter(n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))
    once = {name for name in values if name.startswith("_") and loads[name] == 1}  # a private table one loop reads
    for node in nodes:
        if not isinstance(node, ast.expr) or not _built(node) or _inner(node, parents) or _literal_list(node):
            continue
        scope = {**values, **local_values(node, parents, assignments)}
        code = _executed(node, parents)
        bindings = _loop_values(node, parents, scope) if code else parametrized_bindings(node, parents, conftest)
        if bindings == [{}] and not code:  # ``for name in ("a", "b"): import_module(f"pkg.{name}")``
            bindings = _loop_values(node, parents, scope, once)
        for binding in bindings:
            pieces = Folder(lines, {**scope, **binding}, file_name, package).fold(node)
            if pieces is None:
                continue
            text = "".join(piece.text for piece in pieces)
            if code or re.fullmatch(_DOTTED, text):
                yield Folded(node.lineno, text, tuple(pieces), runs_module(node, parents), code)


#: An import statement in Python source: ``from .m1 import *``, ``from pkg.m1 import x``, ``import pkg.m1``
_CODE_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import\b|import[ \t]+([\w.]+))", re.MULTILINE)


def named_paths(folded: Folded, package: str, longest: Callable[[str], str | None]) -> Iterator[tuple[str, int, int]]:
    """``(module, start, end)`` for each module ``folded`` names (``longest``: the longest module a dotted text
    starts with, below a top-level one), with the span of its last segment in the text: the path itself, or each
    import of the source it holds (``exec(f"from .{_name} import *")``, relative to ``package``)."""
    if not folded.code:
        module = longest(folded.text)
        if module is not None:
            yield module, len(module) - len(module.rpartition(".")[2]), len(module)
        return
    for match in _CODE_IMPORT.finditer(folded.text):
        dots, name = (match.group(1), match.group(2)) if match.group(3) is None else ("", match.group(3))
        start = match.start(2) if match.group(3) is None else match.start(3)
        parts = package.split(".") if package and dots else []
        if len(dots) > len(parts) or not name:
            continue
        prefix = ".".join(parts[: len(parts) - len(dots) + 1]) + "." if dots else ""
        module = longest(prefix + name)
        if module is not None and len(module) > len(prefix):  # its last segment is in the text
            end = start + len(module) - len(prefix)
            yield module, end - len(module.rpartition(".")[2]), end


def renamed_part(folded: Folded, start: int, end: int) -> tuple[Literal, int, int] | bool:
    """Where the module segment at ``start:end`` of ``folded``'s text stands (:func:`named_paths`): the literal
    and the span in its value when one plain literal holds it whole; ``True`` when it is the file's own
    ``__name__`` (it follows the rename); ``False`` when it cannot be rewritten in place."""
    for piece in folded.pieces:
        if piece.start <= start and end <= piece.start + len(piece.text):
            if piece.literal is not None:
                at = piece.offset + start - piece.start
                return piece.literal, at, at + end - start
            return piece.own
    return False


def listed_paths(
    tree: ast.Module,
    source: str,
    file_name: str,
    package: str,
    modules: Collection[str],
    walked: tuple[list[ast.AST], dict[int, ast.AST]] | None = None,
) -> Iterator[tuple[int, str, str, str, int]]:
    """What the plan lists of each path folded in the file (``modules``: the checkout's): ``(line, kind, text,
    module, line of the built string)``, a ``computed-path`` rewrite on the line of the literal holding the module's
    last segment; where none holds it, ``computed-import`` (a shim), ``computed-run`` for a ``run_module``/``-m``
    target (a follow-up: no shim runs as the module); nothing where the file's own ``__name__`` holds it.
    ``walked``: ``walk_once(tree)``, when the caller has it."""
    for folded in folded_paths(tree, source, file_name, package, walked):
        for module, start, end in named_paths(folded, package, lambda text: _longest(text, modules)):
            found = renamed_part(folded, start, end)
            if found is False:
                kind = "computed-run" if folded.runs else "computed-import"
                yield folded.line, kind, folded.text, module, folded.line
            elif found is not True:
                yield found[0].line, "computed-path", folded.text, module, folded.line


def computed_renames(
    source: str, module: str | None, is_package: bool, renames: Mapping[str, str]
) -> dict[Literal, str]:
    """The literals apply rewrites in ``source`` (:func:`renamed_part`) -> the literal's new value: the renamed
    module's last segment replaced by its new one, for each renamed module (``renames``: old -> new) that stays in its
    package. ``module``: the file's (``None`` outside the source roots). ``{}`` at once when the text holds no renamed
    module's last segment or no built string.

    Raises:
        Unparsable: the source does not parse (the caller reports it).
    """
    tails = sorted({re.escape(old.rpartition(".")[2]) for old in renames if "." in old})
    if not tails or _BUILT.search(source) is None or re.search(rf"\b(?:{'|'.join(tails)})\b", source) is None:
        return {}
    file_name = module or ""
    package = file_name if is_package else file_name.rpartition(".")[0]
    tree = parse_python(source)
    spans: dict[Literal, tuple[str, dict[tuple[int, int], str]]] = {}
    for folded in folded_paths(tree, source, file_name, package):
        for module, first, last in named_paths(folded, package, lambda text: _longest(text, renames)):
            found = renamed_part(folded, first, last)
            if isinstance(found, bool) or renames[module].rpartition(".")[0] != module.rpartition(".")[0]:
                continue
            literal, start, end = found
            whole = next(p.value for p in folded.pieces if p.literal == literal)
            spans.setdefault(literal, (whole, {}))[1][(start, end)] = renames[module].rpartition(".")[2]
    out: dict[Literal, str] = {}
    for literal, (whole, edits) in spans.items():
        new = whole
        for (start, end), tail in sorted(edits.items(), reverse=True):
            new = new[:start] + tail + new[end:]
        out[literal] = new
    return out


#: What a string built from parts shows in the source: ``+``, ``%``, an f-string, ``.join(``, ``.format(``,
#: ``.replace(`` (a file path made dotted: planner/separator_paths.py)
_BUILT = re.compile(r"""\+|%|\b[fF][rR]?["']|\.join\(|\.format\(|\.replace\(""")


def _longest(text: str, renames: Collection[str]) -> str | None:
    """The longest module of ``renames`` below a top-level one that ``text`` (``pkg.mod.attr``, ``pkg.mod:attr``)
    starts with."""
    parts = text.split(":", 1)[0].split(".")
    for end in range(len(parts), 1, -1):
        candidate = ".".join(parts[:end])
        if candidate in renames:
            return candidate
    return None


def _built(node: ast.AST) -> bool:
    """A string built from parts, ``".".join(__name__.split(".")[:-1] + [...])`` too."""
    if built_string(node):
        return True
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"):
        return False
    arg = node.args[0] if len(node.args) == 1 else None
    return isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add) and split_head(arg.left)


def _literal_list(node: ast.AST) -> bool:
    """``".".join(["pkg", "mod"])``: a path as a list of its parts, planner/module_parts.py's."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"):
        return False
    items = node.args[0] if len(node.args) == 1 else None
    return isinstance(items, (ast.List, ast.Tuple)) and all(
        isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items.elts
    )


def _inner(node: ast.expr, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``node`` a part of a larger built string (that one is read whole)?"""
    parent = parents.get(id(node))
    if isinstance(parent, ast.BinOp) and _built(parent):
        return True
    if isinstance(parent, ast.FormattedValue):
        return True
    if isinstance(parent, (ast.List, ast.Tuple, ast.BinOp)):
        grand = parents.get(id(parent))
        if isinstance(grand, ast.BinOp):
            grand = parents.get(id(grand))
        if grand is not None and _built(grand):
            return True
    return isinstance(parent, ast.Call) and _built(parent)  # ``"{}.m".format(x + y)``


def _executed(node: ast.expr, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``node`` the source ``exec``/``eval``/``compile`` runs?"""
    parent = parents.get(id(node))
    return (
        isinstance(parent, ast.Call)
        and parent.args[:1] == [node]
        and dotted_name(parent.func).removeprefix("builtins.") in ("exec", "eval", "compile")
    )


def _loop_values(
    node: ast.expr, parents: Mapping[int, ast.AST], values: Mapping[str, ast.AST], tables: Collection[str] | None = None
) -> list[dict[str, ast.AST]]:
    """``for _name in ("m1", "m2"): exec(f"from .{_name} import *")``: one binding of the loop's name per literal
    it takes, when ``node`` is its only use in the loop; else one empty binding (the name stays unknown). The
    sequence is a literal list, tuple or set in the ``for``, or a module-level name bound once to one (``values``:
    ``_MODS = ["m1", "m2"]`` then ``for _name in _MODS``). ``tables``: the module-level names that may be such a
    sequence (None: any); a path, unlike source, is folded only from a table nothing else reads (the rewrite of its
    strings would change what the other readers see: ``__all__ = list(_MODS)``)."""
    loop = parents.get(id(node))
    while loop is not None and not isinstance(loop, (ast.For, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        loop = parents.get(id(loop))
    if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)):
        return [{}]
    if isinstance(loop.iter, ast.Name) and tables is not None and loop.iter.id not in tables:
        return [{}]
    sequence = values.get(loop.iter.id) if isinstance(loop.iter, ast.Name) else loop.iter
    if not isinstance(sequence, ast.Tuple | ast.List | ast.Set):
        return [{}]
    items, name = sequence.elts, loop.target.id
    if not all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items):
        return [{}]
    inside = {id(n) for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name}
    uses = {id(n) for statement in loop.body for n in ast.walk(statement) if isinstance(n, ast.Name) and n.id == name}
    return [{name: item} for item in items] if uses == inside else [{}]


def runs_module(node: ast.expr, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``node`` a module a shim cannot stand in for: ``runpy.run_module``'s target, ``-m``'s argument?"""
    parent = parents.get(id(node))
    if isinstance(parent, ast.Call) and parent.args[:1] == [node]:
        return reference_kind(dotted_name(parent.func)) == "run_module"
    if isinstance(parent, (ast.List, ast.Tuple)):
        index = next(i for i, item in enumerate(parent.elts) if item is node)
        before = parent.elts[index - 1] if index else None
        return isinstance(before, ast.Constant) and before.value == "-m"
    return False
