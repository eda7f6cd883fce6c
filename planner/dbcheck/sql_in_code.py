"""SQL the code runs, found without importing it: Python call sites and ``.sql`` files.

A Python call site is a call of ``execute``, ``executemany``, ``executescript``, ``exec_driver_sql``,
``read_sql``/``read_sql_query``, ``text`` or ``raw`` (``cursor.execute``, ``op.execute``,
``sa.text``, ``Model.objects.raw`` ...) whose first argument Guardian can spell out: a string
literal, an f-string, a ``+`` concatenation, ``"..." % x`` / ``"...".format(x)``, or a name bound
to one of those in the same function or at module level. Every interpolated piece becomes a
placeholder: ``IN ({marks})`` still parses, ``FROM {table}`` does not, and is then *opaque* (listed
with its location, never guessed at). A string whose first word is not a SQL verb is not SQL.

DB-API placeholders (``%s``, ``%(name)s``) are rewritten to ``?`` / ``:name`` before SQLGlot
parses the text, so both the PostgreSQL and the MySQL dialect read them.

Positional use of a result (``a, b = cur.fetchone()``, ``for a, b in cur``, ``row[0]``,
``f(*row)``) is noted on the call site it follows: a ``SELECT *`` read that way depends on the
table's column order.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp

from planner.config import IGNORED_DIRS, Config
from planner.errors import InputError
from planner.schema.normalize import SQLGLOT_DIALECT

#: Method or function names whose first argument is SQL.
SQL_CALLS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "read_sql", "read_sql_query", "text", "raw"}
)
#: Result methods that hand rows to the code.
_FETCH = frozenset({"fetchone", "fetchall", "fetchmany", "first", "one", "one_or_none", "all"})
#: Statements that define the schema rather than use it: not checked, never opaque.
_DDL_VERBS = frozenset(
    {
        "CREATE",
        "ALTER",
        "DROP",
        "TRUNCATE",
        "GRANT",
        "REVOKE",
        "COMMENT",
        "SET",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "START",
        "SAVEPOINT",
        "RELEASE",
        "DO",
        "LOCK",
        "VACUUM",
        "ANALYZE",
        "REINDEX",
    }
)
_SQL_VERBS = frozenset(
    {
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "WITH",
        "CREATE",
        "ALTER",
        "DROP",
        "TRUNCATE",
        "MERGE",
        "REPLACE",
        "VALUES",
        "EXPLAIN",
        "COPY",
        "GRANT",
        "REVOKE",
        "CALL",
        "LOCK",
        "UPSERT",
    }
)
#: Stand-in for an interpolated piece of an f-string or concatenation (a bind parameter to SQLGlot).
HOLE = "?"
_OTHER_DIALECT = re.compile(r"\.(postgres|postgresql|pg|mysql|mariadb|sqlite)\.sql$", re.IGNORECASE)
_DIALECT_HEADER = re.compile(r"^--\s*dialect:\s*(\w+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class SqlSite:
    """One SQL text the code runs: ``path:line``, the text as spelled out, how it was found."""

    path: str
    line: int
    text: str
    origin: str  #: "execute", "text", "raw", ... or "sql-file"
    #: The result is read by position after this call (tuple unpacking, ``row[0]``, ``*row``).
    positional: bool = False
    #: Some piece was interpolated (an f-string value, a concatenated name): shown in opaque reasons.
    dynamic: bool = False
    #: The Python expression as written, for a dynamic text (``f"SELECT ... FROM {table}"``).
    source: str = ""

    @property
    def shown(self) -> str:
        """What to show people: the code as written when pieces were interpolated, else the SQL."""
        return self.source or self.text


@dataclass(frozen=True)
class Parsed:
    """A site's statements, or why it is opaque."""

    site: SqlSite
    statements: tuple[exp.Expr, ...] = ()
    opaque: str | None = None


def first_word(text: str) -> str:
    """The first word of ``text`` after comments, blanks and parentheses, upper-cased."""
    body = re.sub(r"^(\s|\(|--[^\n]*(\n|$)|/\*.*?\*/)+", "", text, flags=re.DOTALL)
    word = re.match(r"[A-Za-z]+", body)
    return word.group(0).upper() if word else ""


def is_sql(text: str) -> bool:
    """Whether ``text`` starts (after comments, blanks and parentheses) with a SQL verb."""
    return first_word(text) in _SQL_VERBS


def normalize_placeholders(text: str) -> str:
    """``%(name)s`` -> ``:name``, ``%s`` -> ``?``, ``%%`` -> ``%``, outside quoted strings and identifiers."""
    out: list[str] = []
    i, n = 0, len(text)
    quote: str | None = None
    while i < n:
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == quote:
                quote = None
            i += 1
            continue
        if ch in "'\"`":
            quote = ch
            out.append(ch)
            i += 1
            continue
        if ch == "%":
            named = re.match(r"%\((\w+)\)s", text[i:])
            if named:
                out.append(f":{named.group(1)}")
                i += named.end()
                continue
            if text.startswith("%s", i):
                out.append(HOLE)
                i += 2
                continue
            if text.startswith("%%", i):
                out.append("%")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_site(site: SqlSite, dialect: str) -> Parsed:
    """Parse a site's text with SQLGlot in ``dialect``; what SQLGlot cannot read is opaque.

    Returns:
        The statements (``exp.Command`` fallbacks count as opaque), or the reason it is opaque.
    """
    if first_word(site.text) in _DDL_VERBS:
        return Parsed(site)  # it defines the schema: the schema readers' business, not a use
    try:
        statements = [
            s for s in sqlglot.parse(normalize_placeholders(site.text), read=SQLGLOT_DIALECT[dialect]) if s is not None
        ]
    except sqlglot.errors.SqlglotError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        why = "built from interpolated pieces" if site.dynamic else "SQLGlot cannot parse it"
        return Parsed(site, opaque=f"{why}: {first[:160]}")
    if not statements or any(isinstance(s, exp.Command) for s in statements):
        return Parsed(site, opaque="SQLGlot reads it only as an opaque command")
    if any(isinstance(t.this, (exp.Placeholder, exp.Parameter)) for s in statements for t in s.find_all(exp.Table)):
        return Parsed(site, opaque="a table name is interpolated at run time")
    return Parsed(site, tuple(statements))


# -- Python --------------------------------------------------------------------------------------------


def python_files(config: Config) -> Iterator[Path]:
    """Every ``.py`` file under the configured source roots, sorted."""
    for root in config.source_roots:
        for dirpath, dirnames, filenames in os.walk(config.root / root):
            dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".py"):
                    yield Path(dirpath) / name


#: A call of one of SQL_CALLS: files without one are not parsed at all.
_CALL_WORDS = ("execute", "read_sql", "text(", "raw(", "exec_driver_sql")
CALL_HINT = re.compile(r"\b(?:" + "|".join(sorted(SQL_CALLS)) + r")\s*\(")


def has_sql_call(source: str) -> bool:
    """Whether ``source`` calls one of SQL_CALLS (a plain substring test first: most files have none)."""
    return any(word in source for word in _CALL_WORDS) and CALL_HINT.search(source) is not None


def sql_in_source(source: str, shown: str, tree: ast.Module | None = None) -> list[SqlSite]:
    """The SQL call sites of one Python module's source (no import, ``ast`` only).

    Args:
        tree: the module already parsed, if the caller has it.

    Returns:
        Sites in line order; a module that does not parse has none (``assess`` lists it already).
    """
    if not has_sql_call(source):
        return []
    if tree is None:
        try:
            tree = ast.parse(source, filename=shown)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return []
    scopes = _scope_nodes(tree)
    module_strings = _bound_strings(n for n in scopes[tree] if isinstance(n, ast.stmt))
    sites: list[SqlSite] = []
    for scope, nodes in scopes.items():
        strings = (
            module_strings
            if scope is tree
            else {**module_strings, **_bound_strings(n for n in nodes if isinstance(n, ast.stmt))}
        )
        found: list[tuple[ast.Call, SqlSite, str | None]] = []
        calls = sorted((n for n in nodes if isinstance(n, ast.Call)), key=lambda c: (c.lineno, c.col_offset))
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
            written = (ast.get_source_segment(source, arg) or "") if dynamic else ""
            found.append((call, SqlSite(shown, arg.lineno, text, name, False, dynamic, written), _receiver(call)))
        if not found:
            continue
        # positional reads matter only for SELECT *: skip the walk when no site here has a star
        positional = _positional_reads(nodes) if any("*" in site.text for _, site, _ in found) else []
        for call, site, receiver in found:
            later = [c for c, _, r in found if r == receiver and c.lineno > call.lineno]
            limit = min((c.lineno for c in later), default=10**9)
            hit = any(r == receiver and call.lineno <= line < limit for r, line in positional)
            sites.append(dataclasses.replace(site, positional=True) if hit else site)
    return sorted(sites, key=lambda s: (s.line, s.text))


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _scope_nodes(tree: ast.Module) -> dict[ast.AST, list[ast.AST]]:
    """Every node of ``tree`` under its innermost function (or the module), in one walk."""
    out: dict[ast.AST, list[ast.AST]] = {tree: []}
    stack: list[tuple[ast.AST, ast.AST]] = [(child, tree) for child in ast.iter_child_nodes(tree)]
    while stack:
        node, scope = stack.pop()
        out[scope].append(node)
        inner = scope
        if isinstance(node, _FUNCTIONS):
            inner = node
            out[node] = []
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return out


def _call_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def _receiver(call: ast.Call) -> str | None:
    """``cur`` of ``cur.execute(...)``; for ``text(...)`` the enclosing call's receiver is unknown: None."""
    if isinstance(call.func, ast.Attribute):
        return ast.unparse(call.func.value)
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


def _spell(node: ast.expr, strings: dict[str, ast.expr], depth: int = 0) -> tuple[str, bool] | None:
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


def _positional_reads(own: list[ast.AST]) -> list[tuple[str, int]]:
    """``(receiver, line)`` of every positional read of a result in ``scope``; the line is where the
    rows were fetched (``rows = cur.fetchall()``), so the read belongs to the execute before it."""
    Origin = tuple[str, int]  # (receiver, line the rows were fetched)
    rows: dict[str, Origin] = {}  # variable holding one row
    iterables: dict[str, Origin] = {}  # variable holding many rows
    out: list[Origin] = []

    def where(node: ast.AST) -> tuple[int, int]:
        anchor = node.iter if isinstance(node, ast.comprehension) else node
        return getattr(anchor, "lineno", 0), getattr(anchor, "col_offset", 0)

    nodes = sorted((n for n in own if hasattr(n, "lineno") or isinstance(n, ast.comprehension)), key=where)

    def source(value: ast.expr, cursor_ok: bool) -> tuple[Origin, bool] | None:
        """(origin, many rows?) of an expression that yields rows."""
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in _FETCH:
            return (
                (ast.unparse(value.func.value), value.lineno),
                value.func.attr not in ("fetchone", "first", "one", "one_or_none"),
            )
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in SQL_CALLS:
            return (ast.unparse(value.func.value), value.lineno), True
        if isinstance(value, ast.Name) and value.id in iterables:
            return iterables[value.id], True
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in ("list", "tuple")
            and value.args
        ):
            return source(value.args[0], cursor_ok)
        if cursor_ok and isinstance(value, (ast.Name, ast.Attribute)):
            return (ast.unparse(value), value.lineno), True  # iterating a cursor itself
        return None

    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            found = source(node.value, cursor_ok=False)
            if found is not None:
                origin, many = found
                if isinstance(target, (ast.Tuple, ast.List)) and not many:
                    out.append(origin)
                elif isinstance(target, ast.Name):
                    (iterables if many else rows)[target.id] = origin
            elif (
                isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, ast.Name) and node.value.id in rows
            ):
                out.append(rows[node.value.id])
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            found = source(node.iter, cursor_ok=True)
            if found is None:
                continue
            origin = found[0]
            if isinstance(node.target, (ast.Tuple, ast.List)):
                out.append(origin)
            elif isinstance(node.target, ast.Name):
                rows[node.target.id] = origin
    for node in nodes:  # uses, once every binding is known (a comprehension's element precedes its loop)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in rows:
            index = node.slice
            if isinstance(index, ast.Constant) and isinstance(index.value, int):
                out.append(rows[node.value.id])
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call):
            found = source(node.value, cursor_ok=False)
            if (
                found is not None
                and not found[1]
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, int)
            ):
                out.append(found[0])
        elif isinstance(node, ast.Starred) and isinstance(node.value, ast.Name) and node.value.id in rows:
            out.append(rows[node.value.id])
    return out


# -- .sql files ----------------------------------------------------------------------------------------


def sql_files(config: Config) -> Iterator[Path]:
    """``.sql`` files of the repository that are not the configured schema and are in ``dialect``.

    Left out: the configured schema files, variants named for another dialect (``x.mysql.sql``
    when the dialect is postgres) or headed ``-- dialect: <other>``, and files ``guardian enums sql``
    generated (their statements name the parallel columns before they exist).
    """
    schema = {(config.root / p).resolve() for p in config.database.schema}
    for dirpath, dirnames, filenames in os.walk(config.root):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".sql"):
                continue
            path = Path(dirpath) / name
            if path.resolve() in schema:
                continue
            other = _OTHER_DIALECT.search(name)
            if other and _dialect_word(other.group(1)) != config.database.dialect:
                continue
            yield path


def _dialect_word(word: str) -> str:
    word = word.lower()
    return {"postgresql": "postgres", "pg": "postgres", "mariadb": "mysql"}.get(word, word)


def sql_in_file(text: str, shown: str, dialect: str) -> list[SqlSite]:
    """The statements of one ``.sql`` file as sites (``generated by guardian`` files have none).

    Raises:
        InputError: the file cannot be tokenized (an unterminated quote), naming the line.
    """
    header = _DIALECT_HEADER.search(text[:400])
    if "generated by `guardian enums sql`" in text[:400] or (header and _dialect_word(header.group(1)) != dialect):
        return []
    from planner.schema.sql_statements import split_statements

    out: list[SqlSite] = []
    for statement in split_statements(text, dialect, shown):
        for line, block in _named_blocks(statement.text, statement.line, dialect):
            out.append(SqlSite(shown, line, block, "sql-file"))
    return out


def _named_blocks(text: str, line: int, dialect: str) -> list[tuple[int, str]]:
    """A chunk that does not parse as one statement but is a file of named queries (aiosql's
    ``-- name: x``, procrastinate's ``-- x --``: blank line, comment header, query; no semicolons)
    is split at each blank line followed by a comment line. Anything else is kept whole."""
    blocks: list[tuple[int, list[str]]] = []
    lines = text.split("\n")
    start = line - _leading_comment_lines(lines)  # ``line`` is the first code line; ``text`` starts earlier
    for number, content in enumerate(lines):
        header = content.lstrip().startswith("--") and number > 0 and not lines[number - 1].strip()
        if not blocks or header:
            blocks.append((start + number, []))
        blocks[-1][1].append(content)
    if len(blocks) < 2:
        return [(line, text)]
    try:
        sqlglot.parse(normalize_placeholders(text), read=SQLGLOT_DIALECT[dialect])
        return [(line, text)]
    except sqlglot.errors.SqlglotError:
        pass
    return [
        (start + _leading_comment_lines(body), "\n".join(body).strip())
        for start, body in blocks
        if any(x.strip() and not x.strip().startswith("--") for x in body)
    ]


def _leading_comment_lines(body: list[str]) -> int:
    count = 0
    for content in body:
        if content.strip() and not content.strip().startswith("--"):
            break
        count += 1
    return count


def find_sql(config: Config) -> tuple[list[SqlSite], list[str]]:
    """Every SQL site of the repository: Python under the source roots, then ``.sql`` files.

    Returns:
        ``(sites, unreadable)``: ``unreadable`` are "path: reason" lines of files that could not be read.
    """
    sites: list[SqlSite] = []
    unreadable: list[str] = []
    for path in python_files(config):
        shown = path.relative_to(config.root).as_posix()
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append(f"{shown}: {exc}")
            continue
        sites.extend(sql_in_source(source, shown))
    more, bad = sql_file_sites(config)
    return sites + more, unreadable + bad


def sql_file_sites(config: Config) -> tuple[list[SqlSite], list[str]]:
    """The statements of the repository's ``.sql`` files (see :func:`sql_files`), and unreadable files."""
    sites: list[SqlSite] = []
    unreadable: list[str] = []
    for path in sql_files(config):
        shown = path.relative_to(config.root).as_posix()
        try:
            sites.extend(sql_in_file(path.read_text(encoding="utf-8"), shown, config.database.dialect))
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append(f"{shown}: {exc}")
        except InputError as exc:
            unreadable.append(str(exc))
    return sites, unreadable
