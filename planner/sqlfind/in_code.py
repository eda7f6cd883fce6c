"""SQL the Python code runs, found without importing it: its call sites (``.sql`` files: planner/dbcheck/sql_files.py).

A Python call site is a call of ``execute``, ``executemany``, ``executescript``, ``exec_driver_sql``,
``read_sql``/``read_sql_query``, ``text`` or ``raw`` (``cursor.execute``, ``op.execute``,
``sa.text``, ``Model.objects.raw`` ...) whose first argument Guardian can spell out: a string
literal, an f-string, a ``+`` concatenation, ``"..." % x`` / ``"...".format(x)``, or a name bound
to one of those in the same function or at module level. Every interpolated piece becomes a
placeholder: ``IN ({marks})`` still parses, ``FROM {table}`` does not, and is then *opaque* (listed
with its location, never guessed at). A string whose first word is not a SQL verb is not SQL.

Only the top-level statements holding such a call are walked (``pysource``). Positional use of a result (``a, b = cur.fetchone()``, ``for a, b in cur``, ``row[0]``,
``f(*row)``) is noted on the call site it follows: a ``SELECT *`` read that way depends on the
table's column order.

When a database is configured the scan runs :func:`sql_facts` on the tree it parses anyway, in its
worker processes (this package imports no SQLGlot, so they start as fast as before), and the facts
cache keeps the result: the check parses no Python file for its SQL a second time.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial

from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python
from planner.sqlfind.hints import ENUM_WORDS, MODEL_WORDS, WORD_CHAR, may_declare_models, may_define_enums
from planner.sqlfind.positional import SQL_CALLS, positional_reads
from planner.sqlfind.pysource import Source, statements_at
from planner.sqlfind.sites import HOLE, SqlFacts, SqlSite, is_sql

#: A call of one of SQL_CALLS: files without one are not parsed at all.
_CALL_WORDS = ("execute", "read_sql", "text(", "raw(", "exec_driver_sql")
CALL_HINT = re.compile(r"\b(?:" + "|".join(sorted(SQL_CALLS)) + r")\s*\(")
#: A name of SQL_CALLS, and the ``(`` of a call when one follows: CALL_HINT's matches are those with
#: the ``(`` and no word character before (tested on each match: a leading ``\b`` keeps the regex
#: engine from skipping ahead to the names' first letters, and costs 2.5 times as much). Longest
#: names first, so that ``executemany(`` is not read as ``execute`` without its ``(``.
_CALL_NAME = re.compile(r"(?:" + "|".join(sorted(SQL_CALLS, key=lambda n: (-len(n), n))) + r")(\s*\()?")


def has_sql_call(source: str) -> bool:
    """Whether ``source`` calls one of SQL_CALLS (a plain substring test first: most files have none)."""
    return any(_is_call(source, m) for m in _call_names(source))


def _call_names(source: str) -> list[re.Match[str]]:
    """Every match of _CALL_NAME in ``source``; none without a substring test passing first."""
    return list(_CALL_NAME.finditer(source)) if any(word in source for word in _CALL_WORDS) else []


def _is_call(source: str, match: re.Match[str]) -> bool:
    """Whether a match of _CALL_NAME is one of CALL_HINT: a ``(`` follows, no word character precedes."""
    start = match.start()
    return match.group(1) is not None and not (start and WORD_CHAR.match(source, start - 1))


def sql_in_source(source: str, shown: str, tree: ast.Module | None = None) -> list[SqlSite]:
    """The SQL call sites of one Python module's source (no import, ``ast`` only).

    Args:
        tree: the module already parsed, if the caller has it.

    Returns:
        Sites in line order; a module that does not parse has none (``assess`` lists it already).
    """
    matches = _call_names(source)
    called = [m for m in matches if _is_call(source, m)]
    if not called:
        return []
    if tree is None:
        try:
            tree = parse_python(source, shown)
        except Unparsable:
            return []
    module = Source(source)
    roots = statements_at(tree, [module.line_of(m.start()) for m in called])
    # Only the nodes on a line naming one of SQL_CALLS can be such a call or hold one; a non-ASCII
    # text may spell a name another way (Python reads identifiers NFKC-normalised): walked whole.
    named = sorted({module.line_of(m.start()) for m in matches}) if source.isascii() else None
    scopes = _scope_calls(roots, named)
    module_strings = _Bound(lambda: _bound_strings(_module_statements(tree)))
    sites: list[SqlSite] = []
    for scope, calls in scopes.items():
        own = _Own(roots) if scope is None else _Own([scope], function=True)
        strings = module_strings if scope is None else _Bound(partial(_scope_strings, module_strings, own))
        found: list[tuple[ast.Call, SqlSite, str | None]] = []
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        for call in calls:
            name = _call_name(call)
            if name not in SQL_CALLS:
                continue
            arg = (
                call.args[0]
                if call.args
                else next((k.value for k in call.keywords if k.arg in ("sql", "statement", "query", "raw_query")), None)
            )
            if arg is None:
                continue
            spelled = _spell(arg, strings)
            if spelled is None:
                continue
            text, dynamic = spelled
            if not is_sql(text):
                continue
            written = module.segment(arg) if dynamic else ""
            found.append((call, SqlSite(shown, arg.lineno, text, name, False, dynamic, written), _receiver(call)))
        if not found:
            continue
        # positional reads matter only for SELECT *: skip the walk when no site here has a star
        # (``count(*)`` is none)
        positional = (
            positional_reads(own.nodes()) if any("*" in site.text.replace("(*)", "") for _, site, _ in found) else []
        )
        for call, site, receiver in found:
            later = [c for c, _, r in found if r == receiver and c.lineno > call.lineno]
            limit = min((c.lineno for c in later), default=10**9)
            hit = any(r == receiver and call.lineno <= line < limit for r, line in positional)
            sites.append(dataclasses.replace(site, positional=True) if hit else site)
    return sorted(sites, key=lambda s: (s.line, s.text))


#: A coding declaration (PEP 263) of the first two lines: another encoding than UTF-8 is read as the check reads it.
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)


#: Every word one of has_sql_call, may_declare_models or may_define_enums needs (their substring tests).
_WORDS = tuple(w.encode() for w in (*_CALL_WORDS, *MODEL_WORDS, *ENUM_WORDS))
_NOTHING = SqlFacts((), models=False, enums=False)


def sql_facts(raw: bytes, path: str, tree: ast.Module) -> SqlFacts | None:
    """The SQL sites and hints of one file the scan parsed into ``tree`` from ``raw``.

    The text is what ``Path.read_text(encoding="utf-8")`` gives (newlines translated), so the sites
    are those :func:`sql_in_source` finds when the check reads the file itself.

    Returns:
        None when the file is not plain UTF-8 (a BOM, a coding declaration, bytes that do not decode)
        or too deep to walk: the check then reads it itself, as without the scan, and reports it.
    """
    coding = _CODING.search(b"\n".join(raw.split(b"\n", 2)[:2])) if b"coding" in raw else None
    if raw.startswith(b"\xef\xbb\xbf") or (coding and coding.group(1).lower() not in (b"utf-8", b"utf8")):
        return None
    if not any(word in raw for word in _WORDS):
        return _NOTHING  # the text tests below all start with one of these words: no need to decode
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        with deep_walk():
            sites = sql_in_source(text, path, tree)
    except Unparsable:
        return None
    return SqlFacts(tuple(sites), may_declare_models(text), may_define_enums(text))


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class _Bound(Mapping[str, ast.expr]):
    """The strings bound to names in a scope, collected when first looked up (most SQL is a literal)."""

    def __init__(self, collect: Callable[[], Mapping[str, ast.expr]]) -> None:
        self._collect = collect
        self._names: Mapping[str, ast.expr] | None = None

    def _get(self) -> Mapping[str, ast.expr]:
        if self._names is None:
            self._names = self._collect()
        return self._names

    def __getitem__(self, name: str) -> ast.expr:
        return self._get()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _scope_calls(roots: list[ast.stmt], lines: list[int] | None) -> dict[ast.AST | None, list[ast.Call]]:
    """The calls under ``roots`` keyed by their innermost function (None: the module), in one walk that
    enters only the nodes spanning one of ``lines`` (None: every node). Functions are keyed in the
    order a whole walk (:class:`_Own`) meets them."""
    out: dict[ast.AST | None, list[ast.Call]] = {None: []}
    stack: list[tuple[ast.AST, ast.AST | None]] = [(r, None) for r in roots if lines is None or _spans(r, lines)]
    while stack:  # a node is tested before it is pushed: most are not entered
        node, scope = stack.pop()
        inner = scope
        if isinstance(node, ast.Call):
            out[scope].append(node)
        elif isinstance(node, _FUNCTIONS):
            inner = node
            out[node] = []
        for field in _CHILD_FIELDS.get(type(node)) or _child_fields(type(node)):
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if (
                        isinstance(item, ast.AST)
                        and type(item) not in _LEAVES
                        and (lines is None or _spans(item, lines))
                    ):
                        stack.append((item, inner))
            elif isinstance(value, ast.AST) and type(value) not in _LEAVES and (lines is None or _spans(value, lines)):
                stack.append((value, inner))
    return out


#: Nodes that neither are nor hold a call: not visited (a name or a literal is most of an argument list).
_LEAVES = frozenset({ast.Name, ast.Constant})
#: The fields of each node type that may hold a node, without ``ctx`` (Load/Store, a third of the
#: nodes and never a call): ast.iter_child_nodes, without its two generators per node.
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    fields = tuple(f for f in kind._fields if f != "ctx")
    _CHILD_FIELDS[kind] = fields
    return fields


def _spans(node: ast.AST, lines: list[int]) -> bool:
    """Whether ``node`` (its decorators included) spans one of ``lines`` (sorted); a node without a
    position (``arguments``, ``withitem`` ...) is entered."""
    first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if first is None or last is None:
        return True
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        first = min(first, *(d.lineno for d in decorators))
    index = bisect_left(lines, first)
    return index < len(lines) and lines[index] <= last


class _Own:
    """The nodes of one scope (a function's, or the module's under ``roots``), walked when first
    needed (names bound to strings, positional reads): most sites need neither. Nested functions
    are listed but not entered; the order is that of the walk that found the calls."""

    def __init__(self, roots: list[ast.stmt] | list[ast.AST], *, function: bool = False) -> None:
        self._roots = roots
        self._function = function
        self._nodes: list[ast.AST] | None = None

    def nodes(self) -> list[ast.AST]:
        if self._nodes is None:
            out: list[ast.AST] = []
            stack: list[ast.AST] = []
            if self._function:
                _push_children(stack, self._roots[0])  # the function's own nodes, not the function
            else:
                stack.extend(self._roots)
            while stack:
                node = stack.pop()
                out.append(node)
                if not isinstance(node, _FUNCTIONS):
                    _push_children(stack, node)
            self._nodes = out
        return self._nodes


def _push_children(stack: list[ast.AST], node: ast.AST) -> None:
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, ast.AST):
            stack.append(value)
        elif isinstance(value, list):
            stack.extend(item for item in value if isinstance(item, ast.AST))


def _scope_strings(outer: Mapping[str, ast.expr], own: _Own) -> dict[str, ast.expr]:
    """The strings bound in a function, over those bound at module level."""
    return {**outer, **_bound_strings(n for n in own.nodes() if isinstance(n, ast.stmt))}


def _module_statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """The statements that run at module level (in ``if``/``try``/``with``/class bodies, not in functions)."""
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(stmt, name, ()):
                stack.extend(child.body if isinstance(child, (ast.ExceptHandler, ast.match_case)) else [child])


def _call_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def _receiver(call: ast.Call) -> str | None:
    """``cur`` of ``cur.execute(...)``; for ``text(...)`` the enclosing call's receiver is unknown: None."""
    if isinstance(call.func, ast.Attribute):
        return dotted_name(call.func.value) or ast.unparse(call.func.value)  # ``cur``: no unparser needed
    return None


def _bound_strings(statements: Iterable[ast.stmt]) -> dict[str, ast.expr]:
    """``NAME = <string-ish>`` assignments (the last one wins)."""
    out: dict[str, ast.expr] = {}
    for stmt in sorted(statements, key=lambda s: s.lineno):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            target, value = stmt.target.id, stmt.value
        else:
            continue
        if _spell(value, {}) is not None:
            out[target] = value
    return out


def _spell(node: ast.expr, strings: Mapping[str, ast.expr], depth: int = 0) -> tuple[str, bool] | None:
    """The text of a string-ish expression, holes for interpolated pieces; None when it is no string."""
    if depth > 8:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, False
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            else:
                parts.append(HOLE)
        return "".join(parts), True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _spell(node.left, strings, depth + 1)
        right = _spell(node.right, strings, depth + 1)
        if left is None and right is None:
            return None
        return (left[0] if left else HOLE) + (right[0] if right else HOLE), bool(
            left is None or right is None or left[1] or right[1]
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        left = _spell(node.left, strings, depth + 1)
        if left is None:
            return None
        return re.sub(r"%(\([^)]*\))?[sdifr]", HOLE, left[0]), True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        base = _spell(node.func.value, strings, depth + 1)
        if base is None:
            return None
        return re.sub(r"\{[^{}]*\}", HOLE, base[0]), True
    if isinstance(node, ast.Name) and node.id in strings:
        return _spell(strings[node.id], {}, depth + 1)
    return None
