"""What a module binds at module level, and where its relative imports point (libcst), for the string
codemod (codemods/rewrite_string_refs.py) and the implicit-submodule rewrite (codemods/implicit_submodules.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node

from codemods.base import Renames
from planner.module_parts import parts_positions
from planner.module_tables import module_tables
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.string_shapes import PACKAGE_NAME

__all__ = [
    "RELATIVE_PATH",
    "PartsContexts",
    "docstring_nodes",
    "from_source",
    "literal_strings",
    "module_bindings",
    "module_parts",
    "quoted",
    "relative_table",
    "relative_pair",
    "resolve_relative",
    "sys_modules_key",
    "table_renames",
]


def docstring_nodes(node: cst.Module | cst.ClassDef | cst.FunctionDef) -> set[int]:
    """``id()`` of the docstring node of ``node``, if it has a plain one.

    Returns:
        A set with zero or one id.
    """
    body = node.body if isinstance(node, cst.Module) else node.body.body
    first = body[0] if body else None
    if isinstance(first, cst.SimpleStatementLine) and first.body and isinstance(first.body[0], cst.Expr):
        value = first.body[0].value
        if isinstance(value, cst.SimpleString):
            return {id(value)}
    return set()


def _top_level(body: Sequence[cst.CSTNode]) -> list[cst.CSTNode]:
    """Small statements and definitions at module level, looking into ``if``/``try``/``with`` blocks."""
    found: list[cst.CSTNode] = []
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            found.extend(statement.body)
        elif isinstance(statement, (cst.If, cst.Try, cst.With, cst.Else, cst.Finally, cst.ExceptHandler)):
            found.extend(_top_level(statement.body.body))
            blocks = [
                getattr(statement, "orelse", None),
                getattr(statement, "finalbody", None),
                *getattr(statement, "handlers", ()),
            ]
            found.extend(_top_level([b for b in blocks if b is not None]))
        else:
            found.append(statement)
    return found


def module_bindings(module: cst.Module, renames: Renames, package: str | None) -> frozenset[str]:
    """Module-level names that stay bound after the renames.

    Aliases (``from . import new as mod``), assignments, functions and classes count; an
    un-aliased import of a renamed submodule (``from . import mod``) does not, since that very
    name goes away with the rename.

    Returns:
        The names.
    """
    names: set[str] = set()
    for node in _top_level(module.body):
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            source = from_source(node, package)
            for alias in node.names:
                name = get_full_name_for_node(alias.name) or ""
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    names.add(alias.asname.name.value)
                elif source is None or f"{source}.{name}" not in renames.mapping:
                    names.add(name)
        elif isinstance(node, cst.Import):
            for alias in node.names:
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    names.add(alias.asname.name.value)
        elif isinstance(node, (cst.Assign, cst.AnnAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            names.update(t.value for t in targets if isinstance(t, cst.Name))
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            names.add(node.name.value)
    return frozenset(names)


def from_source(node: cst.ImportFrom, package: str | None) -> str | None:
    dotted = get_full_name_for_node(node.module) if node.module is not None else ""
    level = len(node.relative)
    if level == 0:
        return dotted
    if package is None:
        return None
    parts = package.split(".")
    if level - 1 > len(parts) - 1:
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{dotted}" if dotted else base


def resolve_relative(relative: str, package: str | None, renames: Renames, *, colon: bool = False) -> str | None:
    """Rewrite a relative ``import_module`` name (``".mod"``) against ``package``; with ``colon`` also
    an object in it, ``".mod:attr"`` (apipkg's table of exports).

    Returns:
        The new relative name; ``None`` when it names no renamed module; ``""`` when it might,
        but the package is unknown or the module leaves it (the caller warns).
    """
    if colon and ":" in relative:
        path, _, attr = relative.partition(":")
        new_path = resolve_relative(path, package, renames)
        return new_path and f"{new_path}:{attr}"
    level = len(relative) - len(relative.lstrip("."))
    rest = relative[level:]
    if package is None:
        tails = {old.rpartition(".")[2] for old in renames.mapping}
        return "" if any(part in tails for part in rest.split(".")) else None
    parts = package.split(".")
    if level - 1 > len(parts) - 1:
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    new = renames.rewrite(f"{base}.{rest}" if rest else base, colon=False)
    if new is None:
        return None
    if not new.startswith(base + "."):
        return ""
    return "." * level + new[len(base) + 1 :]


#: A module path relative to a package, maybe with an object in it: ``.mod``, ``..sub.mod``, ``.mod:Klass.attr``.
RELATIVE_PATH = re.compile(r"\.+[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_][\w.]*)?")


def relative_table(call: cst.Call) -> tuple[str, list[cst.SimpleString]]:
    """The module paths relative to the package name ``call`` is given (``apipkg.initpkg(__name__, {"Other":
    ".othermodule:Other"})``), as ``import_module(".mod", __name__)`` reads them: in its arguments or the lists,
    tuples, sets and dict values they hold.

    Returns:
        ``("__name__" or "__package__", the strings)``, or ``("=pkg", ...)`` for a literal ``package="pkg"``
        (kombu's ``symbol_by_name(".entity:Exchange", package="kombu")``); no strings when the call is given
        none of them.
    """
    names = [a.value.value for a in call.args if isinstance(a.value, cst.Name)]
    base = next((name for name in names if name in ("__name__", "__package__")), "")
    if not base:
        base = next(
            (
                f"={a.value.raw_value}"
                for a in call.args
                if a.keyword is not None
                and a.keyword.value == "package"
                and isinstance(a.value, cst.SimpleString)
                and PACKAGE_NAME.fullmatch(a.value.raw_value)
            ),
            "",
        )
    if not base:
        return "", []
    found: list[cst.SimpleString] = []
    # with a literal package name, the positional arguments only (planner/read_facts.py's rule)
    stack: list[cst.BaseExpression] = [a.value for a in call.args if a.keyword is None or not base.startswith("=")]
    while stack:
        value = stack.pop()
        if isinstance(value, cst.SimpleString) and RELATIVE_PATH.fullmatch(value.raw_value):
            found.append(value)
        elif isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            stack.extend(e.value for e in value.elements)
        elif isinstance(value, cst.Dict):
            stack.extend(e.value for e in value.elements)
    return base, found


def relative_pair(node: cst.Tuple) -> tuple[str, list[cst.SimpleString]]:
    """``(__spec__.parent, ".main")``: a relative module path beside the package name it is relative to, in
    one tuple (pydantic's ``__getattr__`` table calls ``import_module(module_name, package=package)`` on each
    pair). The base as :func:`relative_table` gives it (``__spec__.parent`` is ``__package__``) and the strings."""
    names = {get_full_name_for_node(e.value) for e in node.elements}
    base = next((n for n in ("__name__", "__package__") if n in names), "")
    base = "__package__" if "__spec__.parent" in names else base
    if not base:
        return "", []
    return base, [
        e.value
        for e in node.elements
        if isinstance(e.value, cst.SimpleString) and RELATIVE_PATH.fullmatch(e.value.raw_value)
    ]


def module_parts(
    node: cst.List | cst.Tuple | cst.Subscript, renames: Renames, contexts: PartsContexts
) -> list[tuple[cst.SimpleString, str]]:
    """``["pkg", "mod"]`` (a tuple too, and a subscript's ``table["pkg", "mod"]``, a tuple in Python's tree) in a
    module-path context (``contexts``: ``file_from_modpath(["pkg", "mod"])``, planner/module_parts.py's rule): two
    or more string constants, each an identifier, whose ``"."``-join is a renamed module's whole path: each string
    whose part the rename changes, with its new part. A longer list (``["pkg", "mod", "attr"]``), another one or
    one outside such a context (``subprocess.run(["pkg", "mod"])``, listed by the plan) gives nothing.

    Returns:
        The (string, new part) pairs, empty when the list names no renamed module.
    """
    if isinstance(node, cst.Subscript):
        values = [e.slice.value if isinstance(e.slice, cst.Index) and not e.slice.star else None for e in node.slice]
    else:
        values = [e.value if isinstance(e, cst.Element) else None for e in node.elements]
    strings = [v for v in values if isinstance(v, cst.SimpleString) and "b" not in v.prefix.lower()]
    parts = [s.raw_value for s in strings]
    if len(strings) < 2 or len(strings) != len(values) or not all(p.isidentifier() for p in parts):
        return []
    new = renames.mapping.get(".".join(parts))
    if new is None or ".".join(parts) in renames.kept or new.count(".") != len(parts) - 1 or node not in contexts:
        return []
    return [(s, n) for s, p, n in zip(strings, parts, new.split(".")) if p != n]


class PartsContexts:
    """The lists, tuples, sets and subscripts of a module in a module-path context: planner/module_parts.py's rule
    (its docstring, and the flows of planner/module_parts_flow.py) on Python's tree of the module's code, read on
    the first question only; a node is known by where its first element starts (``position``: libcst's)."""

    def __init__(self, source: str, position: Callable[[cst.CSTNode], tuple[int, int]]) -> None:
        self._source: str | None = source
        self._position = position
        self._found: set[tuple[int, int]] = set()

    def __contains__(self, node: cst.CSTNode) -> bool:
        source, self._source = self._source, None
        if source is not None:
            try:
                with deep_walk():
                    self._found = parts_positions(parse_python(source), source)
            except Unparsable:
                pass  # libcst's parse reports it; no context then
        if isinstance(node, cst.Subscript):
            first: cst.CSTNode | None = (
                node.slice[0].slice.value if isinstance(node.slice[0].slice, cst.Index) else None
            )
        else:
            elements = node.elements if isinstance(node, (cst.List, cst.Tuple, cst.Set)) else ()
            first = elements[0].value if elements else None
        return first is not None and self._position(first) in self._found


def _string(node: cst.CSTNode) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


def quoted(node: cst.SimpleString, raw: str) -> str:
    """The text of ``node`` (its prefix as written, ``B`` or ``R`` too, and quotes) holding ``raw`` instead."""
    return f"{node.value[: len(node.prefix)]}{node.quote}{raw}{node.quote}"


def literal_strings(value: cst.BaseExpression) -> list[cst.SimpleString]:
    """The string constant ``value`` is, or those a list, tuple or set literal ``value`` holds."""
    if isinstance(value, cst.SimpleString):
        return [value]
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        return [e.value for e in value.elements if isinstance(e.value, cst.SimpleString)]
    return []


def sys_modules_key(node: cst.Subscript) -> tuple[cst.CSTNode, str] | None:
    """The literal start of a subscript's key, ``"pkg.mod." + name`` or ``f"pkg.mod.{name}"``: the node that
    holds it and its text (the caller checks that the subscript is ``sys.modules``)."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    key = node.slice[0].slice.value
    while isinstance(key, cst.BinaryOperation):
        key = key.left
    if isinstance(key, cst.SimpleString):
        return key, key.raw_value
    if isinstance(key, cst.FormattedString) and key.parts and isinstance(key.parts[0], cst.FormattedStringText):
        return key.parts[0], key.parts[0].value
    return None


def table_renames(source: str, renames: Renames, module: str | None, is_package: bool) -> Mapping[tuple[int, int], str]:
    """The entries of the file's tables of submodule names that only build ``sys.modules`` keys
    (planner/module_tables.py) naming a renamed module that stays in its package: (line, column of the
    string, as libcst counts it) -> the new last part.

    Raises:
        Unparsable: the source does not parse (the caller reports it).
    """
    if module is None or "sys.modules" not in source:
        return {}
    package = module if is_package else module.rpartition(".")[0]
    found: dict[tuple[int, int], str] = {}
    lines = source.split("\n")
    for entry in module_tables(parse_python(source), module, package):
        new = renames.mapping.get(f"{entry.package}.{entry.name}")
        if new is not None and new.rpartition(".")[0] == entry.package:
            column = len(lines[entry.line - 1].encode()[: entry.column].decode("utf-8", "replace"))
            found[(entry.line, column)] = new.rpartition(".")[2]
    return found
