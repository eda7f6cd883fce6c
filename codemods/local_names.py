"""Keep local names: hide from Rope every import that binds a name spelled like the renamed module.

Rope renames the binding ``from pkg import mod`` creates everywhere in the file, parameters and
keywords included (rich's public ``Table(box=...)`` became ``box_mod=``), and it misreads a name a
package re-exports for the submodule of the same name (sympy's ``from sympy.core import sympify``
is a *function*: 170 call sites were rewritten). So before Rope runs, each such import alias is
replaced by a unique mask (``from pkg import __guardian_mask_0__ as mod``): Rope cannot resolve the
mask, so it leaves the local name and all its uses alone. Afterwards :func:`unmask` puts back
either ``WF1_..._mod as mod`` (the import really is the module: the local name is kept) or the
original text (it is not the module: nothing changes).

Which names are the module is decided here, by our own resolution: ``from X import N`` is the
module ``X.N`` unless the planner found that package ``X`` binds ``N`` to something else.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass

from planner.python_source import Unparsable, parse_python

MASK_PREFIX = "__guardian_mask_"


@dataclass(frozen=True)
class Mask:
    token: str  #: the placeholder written in place of the imported name
    local: str  #: the name the import binds (kept)
    original: str  #: the alias text as written (``mod`` or ``mod as m``)
    is_module: bool  #: True when the binding is the renamed module itself
    package: str = ""  #: ``pkg.`` of a dotted ``import pkg.mod as mod``, written back before the new base name


def resolve_from(level: int, module: str | None, package: str | None) -> str | None:
    """The absolute module of ``from <dots><module> import ...`` inside ``package``; None if unknown."""
    if level == 0:
        return module or None
    if package is None:
        return None
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None  # beyond the top-level package: Python refuses it too
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base) or None


def _line_starts(data: bytes) -> list[int]:
    """Where each line of ``data`` starts, its lines ended as Python's parser ends them (``\\n``, ``\\r\\n`` or a
    lone ``\\r``: lark's examples/advanced/py3to2.py has only ``\\r``, and its from-import's line was past the
    last ``\\n`` line, an IndexError)."""
    return [0, *(match.end() for match in _LINE_END.finditer(data))]


_LINE_END = re.compile(rb"\r\n?|\n")


@dataclass(frozen=True)
class MaskRequest:
    """One renamed module whose import bindings are to be masked in a file."""

    old_module: str  #: the dotted module being renamed
    shadowed: Collection[str]  #: submodules whose package binds their name to another object
    keep_module_names: bool = True  #: False (``--rename-locals``) leaves real module bindings to Rope
    #: the module registers aliases below its path in ``sys.modules`` (the plan's ``module-alias``), which keep it
    aliased: bool = False
    #: the names the module's file defines (:func:`defined_names`), given for a file beside it in a directory
    #: without ``__init__.py``: ``from mod import Name`` of a name it defines there is the sibling
    defines: frozenset[str] = frozenset()


def defined_names(source: bytes, base: str) -> frozenset[str]:
    """The names the file of the module ``base`` defines at its top level (``def``, ``class``, an assignment),
    not those it imports; none when it imports the top-level ``base`` (a sibling ``json.py`` that does ``from
    json import dumps`` and defines its own ``dumps`` wraps the standard library's: ``json`` is ambiguous)."""
    try:
        tree = parse_python(source)
    except Unparsable:
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").partition(".")[0] == base:
            return frozenset()
        if isinstance(node, ast.Import) and any(alias.name.partition(".")[0] == base for alias in node.names):
            return frozenset()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


_Span = tuple[int, int, int, str, str, bool]  # line, start col, end col, local, package prefix, module


#: The nodes an import statement can be inside: an expression, an argument list or an alias never
#: holds a statement, so the walk does not enter them (sympy's first batch: 29% of its time was
#: ``ast.walk`` visiting every expression node of 1,308 files, twice).
_HOLDS_STATEMENTS = (ast.mod, ast.stmt, ast.excepthandler, ast.match_case)


def import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of ``tree``, nested ones included, in ``ast.walk`` order (the same
    breadth-first walk, without the subtrees that hold no statement)."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo = deque([tree])
    while todo:
        node = todo.popleft()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        todo.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, _HOLDS_STATEMENTS))
    return found


def _first_other_binding(tree: ast.AST, name: str, submodule: str, package: str | None) -> int:
    """The first line that binds ``name`` to something other than the submodule ``submodule`` (a package's
    ``__init__``: ``from ._impl import name``, ``name = ...``, ``def name``); 0 when none does (a sibling
    module of the package, where the package has bound the name already)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = resolve_from(node.level, node.module, package)
            if any((a.asname or a.name) == name and f"{source}.{a.name}" != submodule for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            lines.append(node.lineno)
    return min(lines, default=0)


def _spans(
    nodes: list[ast.Import | ast.ImportFrom],
    request: MaskRequest,
    package: str | None,
    tree: ast.AST | None = None,
    sibling_imports: bool = False,
) -> list[_Span]:
    old_module, shadowed, keep_module_names = request.old_module, request.shadowed, request.keep_module_names
    base = old_module.rpartition(".")[2]
    # an absolute import of the renamed module's base name is the top-level module, which Rope takes for the
    # sibling, except in a directory of scripts, where it is the sibling (lark's examples/advanced/py3to2.py)
    top_level = "." in old_module and not sibling_imports
    spans: list[_Span] = []
    # the package's own __init__ binding the name to another object only later: before that line
    # ``from . import name`` still imports the submodule (wcwidth's legacy ``wcwidth.wcwidth``)
    own = old_module in shadowed and package is not None and old_module.rpartition(".")[0] == package
    rebound = _first_other_binding(tree, base, old_module, package) if own and tree is not None else 0
    below = f"{old_module}."
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if request.aliased and node.level == 0 and (node.module or "").startswith(below):
                # ``from requests.packages.urllib3.util import Retry``: an alias the module registers below its
                # path in ``sys.modules``, under the old path (a module is no package), kept with a shim
                spans.append((node.lineno, node.col_offset, -1, "", "", False))  # placed by _module_part
                continue
            if (
                node.level == 0
                and (node.module or "").partition(".")[0] == base
                and top_level
                and not _sibling(node, request)
            ):
                # ``from msgspec import X`` beside ``preconf/msgspec.py``: the top-level module, which Rope
                # takes for the sibling as it does ``import itertools`` (cattrs' ``preconf/msgspec.py``)
                spans.append((node.lineno, node.col_offset, -1, "", "", False))  # placed by _module_part
            source_module = resolve_from(node.level, node.module, package)
            for alias in node.names:
                if alias.name != base:
                    continue
                is_module = (
                    source_module is not None
                    and f"{source_module}.{base}" == old_module
                    and (old_module not in shadowed or node.lineno < rebound)
                )
                if is_module and not keep_module_names and alias.asname is None:
                    continue
                spans.append(_span(alias, alias.asname or alias.name, is_module))
        else:
            for alias in node.names:
                if request.aliased and alias.name.startswith(below) and alias.end_lineno == alias.lineno:
                    top = alias.name.partition(".")[0]  # ``import requests.packages.urllib3``: the same alias
                    spans.append((alias.lineno, alias.col_offset, alias.col_offset + len(top), "", "", False))
                    continue
                if alias.name == old_module and "." not in old_module and alias.asname is None and keep_module_names:
                    spans.append(_span(alias, alias.name, True))
                elif alias.name == old_module and "." in old_module and alias.asname == base:
                    # ``import pkg.mod as mod``: Rope renames the alias but not its uses (boltons' tests), so the
                    # local name is kept under --rename-locals too
                    spans.append(_span(alias, base, True, old_module[: -len(base)]))
                elif alias.name == base and top_level:
                    # ``import itertools`` beside ``pkg/itertools.py`` is the top-level module (an absolute
                    # import), which Rope takes for the sibling (tqdm's ``contrib/itertools.py``, ``keras.py``)
                    spans.append(_span(alias, alias.asname or alias.name, False))
                elif alias.name.partition(".")[0] == base and top_level:
                    # ``import pyflakes.checker`` beside ``plugins/pyflakes.py`` too (flake8), where Rope cannot
                    # find the package: its first name is masked, ``import <mask>.checker`` stays valid
                    whole = _span(alias, "", False)
                    spans.append((whole[0], whole[1], whole[1] + len(base), "", "", False) if whole[0] >= 0 else whole)
    return [s for s in spans if s[0] >= 0]


class SiblingDefinitions:
    """:func:`defined_names` of a renamed module's file, read once, for a file in the same directory."""

    def __init__(self, read: Callable[[str], bytes]) -> None:
        self._read = read
        self._names: dict[str, frozenset[str]] = {}

    def __call__(self, path: str, candidate: str) -> frozenset[str]:
        if path.rpartition("/")[0] != candidate.rpartition("/")[0]:
            return frozenset()
        if path not in self._names:
            self._names[path] = defined_names(self._read(path), path.rpartition("/")[2].partition(".")[0])
        return self._names[path]


def _sibling(node: ast.ImportFrom, request: MaskRequest) -> bool:
    """``from whitelist_utils import Whitelist`` in a directory without ``__init__.py`` beside the
    ``whitelist_utils.py`` that defines ``Whitelist`` (vulture's whitelists, run as ``python ast_whitelist.py``):
    nothing but the sibling defines the name, so the import is the sibling, which Rope renames."""
    names = {alias.name for alias in node.names}
    return node.module == request.old_module.rpartition(".")[2] and "*" not in names and names <= request.defines


def mask(
    source: bytes,
    *,
    old_module: str,
    package: str | None,
    shadowed: Collection[str],
    keep_module_names: bool = True,
    tree: ast.Module | None = None,
) -> tuple[bytes, list[Mask]]:
    """Replace every import alias binding the renamed module's base name by a mask.

    Args:
        source: the file's bytes.
        old_module: the dotted module being renamed.
        package: the package relative imports of this file resolve against (None: a script).
        shadowed: submodules whose package binds their name to another object.
        keep_module_names: False (``--rename-locals``) leaves real module bindings to Rope.
        tree: the file's parsed AST, when the caller has it.

    Returns:
        The masked bytes and the masks, in file order; the source unchanged when nothing matched
        (or it does not parse: Rope then reports it).
    """
    masked, [found] = mask_many(
        source, [MaskRequest(old_module, shadowed, keep_module_names)], package=package, tree=tree
    )
    return masked, found


def mask_many(
    source: bytes,
    requests: list[MaskRequest],
    *,
    package: str | None,
    tree: ast.Module | None = None,
    sibling_imports: bool = False,
    nodes: list[ast.Import | ast.ImportFrom] | None = None,
) -> tuple[bytes, list[list[Mask]]]:
    """:func:`mask` for several renamed modules with distinct base names, on one parse of the file;
    ``sibling_imports``: the file is a script whose absolute imports reach its directory's modules;
    ``nodes``: the import statements of ``tree`` (:func:`import_nodes`), when the caller has them.

    Returns:
        The masked bytes and, per request, its masks in file order (tokens are unique in the file).
    """
    wanted = [r for r in requests if r.old_module.rpartition(".")[2].encode() in source]
    if not wanted:
        return source, [[] for _ in requests]
    if tree is None:
        try:
            tree = parse_python(source)
        except Unparsable:
            return source, [[] for _ in requests]
    if nodes is None:
        nodes = import_nodes(tree)
    sibling_imports = sibling_imports and _runs_as_script(source, tree)
    owned: list[tuple[_Span, int]] = []
    for index, request in enumerate(requests):
        if request in wanted:
            owned += [(span, index) for span in _spans(nodes, request, package, tree, sibling_imports)]
    result: list[list[Mask]] = [[] for _ in requests]
    if not owned:
        return source, result
    starts = _line_starts(source)
    owned = [(_module_part(source, starts, span), i) for span, i in owned]
    owned = _outermost([(span, i) for span, i in owned if span[2] >= 0])
    out = bytearray(source)
    placed: list[tuple[int, Mask]] = []
    ordered = sorted(owned, reverse=True)
    for number, ((line, start, end, local, prefix, is_module), index) in enumerate(ordered):
        token = f"{MASK_PREFIX}{len(ordered) - 1 - number}__"
        offset = starts[line - 1]
        original = bytes(out[offset + start : offset + end]).decode("utf-8", errors="surrogateescape")
        out[offset + start : offset + end] = _masked(token, local).encode()
        placed.append((index, Mask(token, local, original, is_module, prefix)))
    for index, item in reversed(placed):
        result[index].append(item)
    return bytes(out), result


def _outermost(owned: list[tuple[_Span, int]]) -> list[tuple[_Span, int]]:
    """The spans not inside another one: two renames of a round can mask the same alias (python-box's
    ``import box.converters as converters``: its first name ``box`` for ``box.box``, the whole alias for
    ``box.converters``), and the inner mask was written into the outer one. The outer mask takes the inner
    text away from Rope as well, and puts it back as it was."""
    kept: list[tuple[_Span, int]] = []
    for span, index in sorted(owned, key=lambda item: (item[0][0], item[0][1], -item[0][2])):
        if kept and kept[-1][0][0] == span[0] and span[2] <= kept[-1][0][2]:
            continue
        kept.append((span, index))
    return kept


def _runs_as_script(source: bytes, tree: ast.Module) -> bool:
    """Whether the file is written to be run (a ``#!`` line or a module-level ``if __name__ == "__main__":``).
    In a directory without ``__init__.py`` such a file's absolute imports reach its siblings; a module of a
    PEP 420 namespace package, which has no ``__init__.py`` either, imports the top-level ``json``."""
    if source.startswith(b"#!"):
        return True
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and len(node.test.comparators) == 1:
            sides = [node.test.left, node.test.comparators[0]]
            if any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
                isinstance(s, ast.Constant) and s.value == "__main__" for s in sides
            ):
                return True
    return False


def _module_part(source: bytes, starts: list[int], span: _Span) -> _Span:
    """The span of the top-level name after ``from`` (``_spans`` knows only where the statement starts);
    other spans as they are. A ``from`` split over lines gets an end of -1: left to Rope."""
    line, start, end, local, prefix, is_module = span
    if end >= 0:
        return span
    found = re.compile(rb"from[ \t]+([A-Za-z_]\w*)").match(source, starts[line - 1] + start)
    if found is None:
        return (line, start, -1, local, prefix, is_module)
    return (line, found.start(1) - starts[line - 1], found.end(1) - starts[line - 1], local, prefix, is_module)


def _masked(token: str, local: str) -> str:
    """A mask's text: ``token as local`` in place of an alias, the bare token in place of a module's name."""
    return f"{token} as {local}" if local else token


def _span(alias: ast.alias, local: str, is_module: bool, prefix: str = "") -> _Span:
    if alias.end_lineno != alias.lineno or alias.end_col_offset is None:
        return (-1, 0, 0, local, prefix, is_module)  # an alias split over lines: left to Rope and the fix-up pass
    return (alias.lineno, alias.col_offset, alias.end_col_offset, local, prefix, is_module)


def unmask(source: bytes, masks: list[Mask], new_base: str) -> bytes:
    """Put the masked aliases back: ``<new_base> as <local>`` for the module (``pkg.<new_base> as <local>``
    for a dotted import), the original text otherwise.

    Raises:
        ValueError: a mask is missing (something rewrote it; the caller fails the rename).
    """
    for item in masks:
        masked = _masked(item.token, item.local).encode()
        if masked not in source:
            raise ValueError(f"mask {item.token} for {item.local!r} was altered")
        replacement = f"{item.package}{new_base} as {item.local}" if item.is_module else item.original
        source = source.replace(masked, replacement.encode(), 1)
    return source
