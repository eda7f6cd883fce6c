"""One pass over one file: its imports, its string references and the names it binds.

Every file is parsed exactly once: a plain file (most of a typical package: no string references,
no syntax this interpreter may reject) by grimp's Rust scanner, whose import lines give all its facts; any
other by ``ast`` (2.5-4x faster than libcst for reading), walked in Python. Both give the same
facts, which feed the import graph, the reference list and the hazard checks.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from planner.module_calls import MODULE_PATH_CALLS, reference_kind

try:  # grimp's internals: should they move, every file takes ``extract`` (slower, same facts)
    from grimp import _rustgrimp  # type: ignore[attr-defined]
    from grimp.application.ports.modulefinder import FoundPackage
    from grimp.domain import valueobjects as _valueobjects
    from grimp.exceptions import SourceSyntaxError
except ImportError:  # pragma: no cover - grimp is a dependency
    _rustgrimp = None

#: First line of a compatibility shim Guardian writes at an old module path (codemods/shims.py).
SHIM_MARKER = "# guardian-shim:"
#: A dotted path a string may hold: ``pkg.mod``, ``pkg.mod.func`` or ``pkg.mod:func``.
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?\Z")
#: Imports inside a string of Python source (code generation, exec): attrs' generated __init__
#: does ``__import__('attr._make')``.
CODE_IMPORT = re.compile(r"""(?:__import__|import_module)\(\s*['"]([\w.]+)['"]|^\s*from\s+([\w.]+)\s+import\s|^\s*import\s+([\w.]+)""",
                         re.MULTILINE)
#: Doctest imports and Sphinx roles inside docstrings.
DOCTEST_IMPORT = re.compile(r"^\s*(?:>>>|\.\.\.)\s+(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.MULTILINE)
SPHINX_ROLE = re.compile(r":(?:py:)?(?:mod|func|class|meth|attr|obj|data|exc|const):`~?([\w.]+)`")

#: Calls whose first string argument names a module: one table with the string codemod's (planner/module_calls.py).
CALL_KINDS = {name: kind for name in MODULE_PATH_CALLS if (kind := reference_kind(name)) is not None}


class ImportFact(NamedTuple):
    """One imported name: ``import a.b`` gives one, ``from a import b, c`` gives two. (A named tuple:
    a large checkout has tens of thousands, and a frozen dataclass costs 5x as much to build.)"""

    line: int
    form: str  #: "import" | "import-as" | "from" | "from-as" | "from-star"
    module: str  #: the module part as written ("a.b"; "" for ``from . import x``)
    level: int  #: 0 absolute, 1 for ``.``, 2 for ``..``
    name: str | None  #: the imported name for ``from`` forms, None for ``import``
    alias: str | None
    lazy: bool  #: inside a function body
    conditional: bool  #: inside if / try / with / loop / match (not TYPE_CHECKING)
    type_checking: bool  #: under ``if TYPE_CHECKING:``
    optional: bool  #: inside ``try`` with an ``except ImportError`` / ``ModuleNotFoundError``

    def resolve_base(self, package: str) -> str | None:
        """The absolute module of the ``from`` part (or the imported module), None if it escapes."""
        if self.level == 0:
            return self.module
        parts = package.split(".") if package else []
        if self.level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (self.level - 1)]
        if self.module:
            base.append(self.module)
        return ".".join(base) or None


@dataclass(frozen=True)
class StringFact:
    """A string constant that looks like a dotted path, with what it is used for."""

    line: int
    kind: str  #: "mock.patch", "monkeypatch", "importlib", "__import__", "pytest_plugins", "__all__",
    #: "annotation", "doctest", "sphinx", "string"
    text: str


@dataclass
class FileFacts:
    path: str
    imports: list[ImportFact] = field(default_factory=list)
    strings: list[StringFact] = field(default_factory=list)
    #: module-level names bound by something other than a plain ``import``/``from . import x``
    #: of a module (def, class, assignment, ``from .x import y``): shadowing candidates in a package.
    #: Kept for package ``__init__.py`` files only, the only ones it is read for.
    bound_names: dict[str, int] = field(default_factory=dict)
    #: names of __all__ entries (string values)
    dunder_all: list[str] = field(default_factory=list)
    #: names imported by ``from x import name`` that the file also uses as a parameter, call
    #: keyword, attribute name or function local: the rich ``box=`` hazard
    other_names: set[str] = field(default_factory=set)
    syntax_error: tuple[int, str] | None = None
    #: a compatibility shim Guardian wrote (first line ``# guardian-shim: old -> new``): not a module
    #: to name, and not counted in ``{total}``
    shim: bool = False


#: Words that make a file worth the expression scan wherever they occur (dynamic imports, lists of names).
_REFERENCE_WORDS = (b"import_module", b"__import__", b"resolve_name", b"pytest_plugins", b"__all__")


def reference_filter(top_level: frozenset[str] | set[str]) -> bytes:
    """A regex (as bytes, so worker processes can receive it) that finds the files worth an
    expression-level scan: a quoted dotted path into the checkout's packages, or a dynamic import."""
    names = b"|".join(re.escape(t.encode()) for t in sorted(top_level, key=len, reverse=True)) or b"(?!)"
    return rb"[\"'](?:" + names + rb")[.:\"']|" + b"|".join(_REFERENCE_WORDS)


def reference_parts(top_level: frozenset[str] | set[str]) -> tuple[re.Pattern[bytes], tuple[bytes, ...]]:
    """:func:`reference_filter` as a regex for its quoted paths and its words for ``in`` tests:
    the same matches, found several times faster."""
    names = b"|".join(re.escape(t.encode()) for t in sorted(top_level, key=len, reverse=True)) or b"(?!)"
    return re.compile(rb"[\"'](?:" + names + rb")[.:\"']"), _REFERENCE_WORDS


def extract(source: str | bytes, path: str, interesting: bytes | None = None) -> FileFacts:
    """Parse ``source`` once and collect its facts; a syntax error is a fact, not an exception.

    Statements are walked in Python (imports, bindings, parameters, docstrings); the far more
    numerous expression nodes are walked only when ``interesting`` (see :func:`reference_filter`)
    matches the text, since only then can they hold a string reference. None scans everything.
    """
    facts = FileFacts(path)
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    facts.shim = raw.lstrip(b"\xef\xbb\xbf").startswith(SHIM_MARKER.encode())
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        facts.syntax_error = (exc.lineno or 0, exc.msg or "invalid syntax")
        return facts
    except ValueError as exc:  # null bytes
        facts.syntax_error = (0, str(exc))
        return facts
    walker = _Statements(facts)
    walker.body(tree.body, docstring_of=tree)
    if interesting is None or re.search(interesting, raw):
        _expressions(tree, facts, walker.skip)
    if path.rpartition("/")[2] != "__init__.py":
        facts.bound_names = {}
    facts.other_names &= {imp.name for imp in facts.imports if imp.form == "from" and imp.name is not None}
    return facts


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _is_type_checking(test: ast.expr) -> bool:
    name = _dotted(test)
    return name is not None and name.rpartition(".")[2] == "TYPE_CHECKING"


def _catches_import_error(handlers: list[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None or (_dotted(kind) or "").rpartition(".")[2] in {"ImportError", "ModuleNotFoundError",
                                                                            "Exception", "BaseException"}:
                return True
    return False


class _Statements:
    """Walks statement lists only, keeping the context (function, condition, TYPE_CHECKING, optional)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.function = 0
        self.conditional = 0
        self.type_checking = 0
        self.optional = 0
        #: constants already classified (docstrings, __all__ entries): the expression scan skips them
        self.skip: set[int] = set()

    def body(self, statements: list[ast.stmt], docstring_of: ast.AST | None = None) -> None:
        if docstring_of is not None and statements:
            self._docstring(statements[0])
        for statement in statements:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:  # noqa: C901 - one dispatch over statement kinds
        if isinstance(node, ast.Import):
            for alias in node.names:
                self._fact(node.lineno, "import-as" if alias.asname else "import", alias.name, 0, None, alias.asname)
        elif isinstance(node, ast.ImportFrom):
            self._import_from(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if arg is not None:
                    self.facts.other_names.add(arg.arg)
            if self.function == 0:
                self.facts.bound_names.setdefault(node.name, node.lineno)
            self.function += 1
            self.body(node.body, docstring_of=node)
            self.function -= 1
        elif isinstance(node, ast.ClassDef):
            if self.function == 0:
                self.facts.bound_names.setdefault(node.name, node.lineno)
            self.body(node.body, docstring_of=node)
        elif isinstance(node, ast.If):
            if _is_type_checking(node.test):
                self.type_checking += 1
                self.body(node.body)
                self.type_checking -= 1
                self._nested(node.orelse)
            else:
                self._nested(node.body, node.orelse)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            optional = _catches_import_error(node.handlers)
            self.optional += optional
            self._nested(node.body)
            self.optional -= optional
            self._nested(*(h.body for h in node.handlers), node.orelse, node.finalbody)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self._nested(node.body, node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self._nested(node.body)
        elif isinstance(node, ast.Match):
            self._nested(*(case.body for case in node.cases))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            self._assign(node)

    def _nested(self, *bodies: list[ast.stmt]) -> None:
        self.conditional += 1
        for statements in bodies:
            self.body(statements)
        self.conditional -= 1

    def _fact(self, line: int, form: str, module: str, level: int, name: str | None, alias: str | None) -> None:
        self.facts.imports.append(ImportFact(
            line=line, form=form, module=module, level=level, name=name, alias=alias, lazy=self.function > 0,
            conditional=self.conditional > 0, type_checking=self.type_checking > 0, optional=self.optional > 0))

    def _import_from(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self._fact(node.lineno, "from-star", node.module or "", node.level, "*", None)
                continue
            self._fact(node.lineno, "from-as" if alias.asname else "from", node.module or "", node.level,
                       alias.name, alias.asname)
            if self.function == 0:
                # ``from . import x`` / ``from .x import x``: whether it binds the module is decided later.
                self.facts.bound_names.setdefault(f"from:{alias.asname or alias.name}", node.lineno)

    def _assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if not isinstance(node, ast.AugAssign):
                self._bind(target)
            if isinstance(target, ast.Name) and target.id in {"__all__", "pytest_plugins"} and node.value is not None:
                self._string_list(node.value, target.id)

    def _bind(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            if self.function == 0:
                self.facts.bound_names.setdefault(target.id, target.lineno)
            else:
                self.facts.other_names.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element)
        elif isinstance(target, ast.Starred):
            self._bind(target.value)
        elif isinstance(target, ast.Attribute):
            self.facts.other_names.add(target.attr)

    def _string_list(self, value: ast.expr, kind: str) -> None:
        elements = value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else [value]
        for element in elements:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                if kind == "__all__":
                    self.facts.dunder_all.append(element.value)
                self.facts.strings.append(StringFact(element.lineno, kind, element.value))
                self.skip.add(id(element))

    def _docstring(self, first: ast.stmt) -> None:
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            return
        constant = first.value
        self.skip.add(id(constant))
        text = str(constant.value)
        if ">>>" not in text and ":`" not in text:
            return
        for regex, kind in ((DOCTEST_IMPORT, "doctest"), (SPHINX_ROLE, "sphinx")):
            for match in regex.finditer(text):
                offset = text.count("\n", 0, match.start())
                self.facts.strings.append(StringFact(constant.lineno + offset, kind,
                                                     next(g for g in match.groups() if g)))


def _expressions(tree: ast.Module, facts: FileFacts, skip: set[int]) -> None:
    """Calls with module-path arguments, annotation strings, dotted string constants, keywords."""
    annotation_strings: set[int] = set()
    constants: list[tuple[ast.Constant, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg:
                    facts.other_names.add(keyword.arg)
            called = _dotted(node.func) or ""
            kind = reference_kind(called)
            if kind and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    facts.strings.append(StringFact(first.lineno, kind, first.value))
                    skip.add(id(first))
        elif isinstance(node, (ast.arg, ast.AnnAssign, ast.FunctionDef, ast.AsyncFunctionDef)):
            annotations = [node.returns] if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else \
                [node.annotation]
            for annotation in annotations:
                for sub in ast.walk(annotation) if annotation is not None else ():
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        annotation_strings.add(id(sub))
                        for match in re.finditer(r"[A-Za-z_][\w.]*", sub.value):
                            if "." in match.group(0):
                                facts.strings.append(StringFact(sub.lineno, "annotation", match.group(0)))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}:
            facts.other_names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if DOTTED.match(node.value):
                constants.append((node, node.value))
            elif "import" in node.value and id(node) not in skip:  # Python source held in a string
                for match in CODE_IMPORT.finditer(node.value):
                    facts.strings.append(StringFact(node.lineno, "code-string", next(g for g in match.groups() if g)))
    for constant, text in constants:  # after the walk: calls and annotations claim their strings first
        if id(constant) not in skip and id(constant) not in annotation_strings:
            facts.strings.append(StringFact(constant.lineno, "string", text))


# --- The fast path: a plain file read from its import statements alone -------------------------
#
# grimp's Rust scanner (ruff's parser, on every core) finds the line of every import statement;
# a "plain" file is one whose facts follow from those lines and its text, with nothing that needs
# the statement walk or the expression scan: every import at column 0 (module level, so lazy,
# conditional, TYPE_CHECKING and optional are all false) or inside blocks whose one-line headers
# give those flags (:class:`_Blocks`), no string reference (``interesting`` does not match, no
# doctest or Sphinx role), and no name imported by ``from x import name`` used as anything but a
# read (``name.attr``, ``if name:``; so no local-name clash). Anything else takes ``extract``.
#
# ruff's parser accepts some text CPython rejects; a file showing any such construct is not plain,
# so that a syntax error stays a syntax error (tests/planner/test_fast_imports.py checks each):
# syntax newer than this interpreter (f-strings before 3.12 because of PEP 701, type parameters,
# template strings, ``except A, B:``, ``lazy import``), tabs in indentation, control characters
# and bare CRs, backslash continuations, encodings (non-ASCII text or a coding cookie), unpacking
# in a comprehension (``[*a for a in b]``) and ``f((a)=1)``.

_PRINTABLE = bytes(range(32, 127)) + b"\t\n\r"  # any other byte is a control character
_TAB_INDENT = re.compile(rb"^ *\t", re.MULTILINE)
_BARE_CR = re.compile(rb"\r(?!\n)")
#: Constructs ruff accepts and this interpreter may not: a cheap regex finds candidates, an exact
#: one (applied to files with a candidate only) decides.
_SUSPECTS: list[tuple[re.Pattern[bytes], re.Pattern[bytes]]] = []
#: String prefixes this interpreter reads differently from ruff: a quote after one of these letters
#: is a candidate (found by the one screening pass, :func:`_screen`) for the exact regexes.
_PREFIX_LETTERS = b""
_PREFIXED: list[re.Pattern[bytes]] = []
if sys.version_info < (3, 12):  # PEP 701 f-strings
    _PREFIX_LETTERS += b"fFrR"
    _PREFIXED.append(re.compile(rb"(?<![A-Za-z0-9_])(?:[fF][rR]?|[rR][fF])['\"]"))
if sys.version_info < (3, 13):  # PEP 695 type parameters and aliases, PEP 696 defaults
    _SUSPECTS += [(re.compile(rb"type[ \t]+[A-Za-z_]"), re.compile(rb"^[ \t]*type[ \t]+[A-Za-z_]", re.MULTILINE)),
                  (re.compile(rb"def[ \t]+[A-Za-z_]\w*[ \t]*\["), re.compile(rb"def[ \t]+[A-Za-z_]\w*[ \t]*\[")),
                  (re.compile(rb"class[ \t]+[A-Za-z_]\w*[ \t]*\["), re.compile(rb"class[ \t]+[A-Za-z_]\w*[ \t]*\["))]
if sys.version_info < (3, 14):  # PEP 750 template strings, PEP 758 ``except A, B:``
    _PREFIX_LETTERS += b"tTrR"
    _PREFIXED.append(re.compile(rb"(?<![A-Za-z0-9_])(?:[tT][rR]?|[rR][tT])['\"]"))
    _SUSPECTS.append((re.compile(rb"except[^\n:#]*,"),
                      re.compile(rb"^[ \t]*except[ \t]*\*?[ \t]*(?:[A-Za-z_][^\n(:#]*|\([^\n)]*\)[ \t]*),", re.MULTILINE)))
#: An opening bracket whose first element is starred: checked for a comprehension.
_STAR_OPEN = re.compile(rb"[\[{(][ \t\r\n]*\*")
_CLIMBS: dict[int, re.Pattern[bytes]] = {}


def climbs_above(raw: bytes, levels: int) -> bool:
    """Whether ``raw`` has a relative ``from`` (the word ``from``, then dots) with more than
    ``levels`` dots: one climbing above the top-level package, which grimp's scanner would panic
    on. (The regex starts with the literal ``from``, which the regex engine finds fast; the word
    boundary before it is checked on the few matches.)"""
    regex = _CLIMBS.get(levels)
    if regex is None:
        regex = _CLIMBS[levels] = re.compile(rb"from[ \t]*(?:\.[ \t]*){%d}" % (levels + 1))
    for match in regex.finditer(raw):
        before = raw[match.start() - 1:match.start()]
        if not (before.isalnum() or before == b"_"):
            return True
    return False
_SCREENS: dict[bytes, re.Pattern[bytes]] = {}


def _screen(references: re.Pattern[bytes]) -> re.Pattern[bytes]:
    """One regex for the screens that start at a quote or a bracket, found in one pass: a quoted
    path into the checkout (``references``, which starts with its quote), a quote after a string
    prefix (one character matched), ``f((a)=1)`` (ruff accepts it), an opening bracket whose first
    element is starred (:data:`_STAR_OPEN`). It starts with a character class, so the regex engine
    skips every other position without trying the branches."""
    screen = _SCREENS.get(references.pattern)
    if screen is None:
        assert references.pattern.startswith(rb"[\"']") and _STAR_OPEN.pattern.startswith(rb"[\[{(]")
        prefixed = rb"|(?<=[" + _PREFIX_LETTERS + rb"][\"'])" if _PREFIX_LETTERS else b""
        screen = _SCREENS[references.pattern] = re.compile(
            rb"[\"')\[{(](?:(?<=[\"'])" + references.pattern[5:] + prefixed + rb"|(?<=\))[ \t]*=(?!=)|(?<=[\[{(])"
            + _STAR_OPEN.pattern[6:] + b")")
    return screen


def plain(raw: bytes, references: tuple[re.Pattern[bytes], tuple[bytes, ...]]) -> bool:
    """Whether the fast path may read ``raw`` (see the comment above); False sends it to ``extract``.

    ``references`` is :func:`reference_filter` in two parts: it matches where its regex matches or
    one of its words occurs (:func:`reference_parts`)."""
    if not raw.isascii() or raw.translate(None, _PRINTABLE):
        return False
    # Backslash continuations; doctests and Sphinx roles (strings in docstrings); PEP 401; 100
    # spaces (CPython allows 100 indentation levels). A one-byte search is a memchr, several times
    # faster than a longer one, so a rare byte guards the longer searches.
    if b"\\" in raw and (raw.endswith(b"\\") or b"\\\n" in raw or b"\\\r\n" in raw):
        return False
    if b">>>" in raw or (b"`" in raw and b":`" in raw) or b"barry_as_FLUFL" in raw or b" " * 100 in raw:
        return False
    for word in references[1]:
        if word in raw:
            return False
    if b"coding" in b"\n".join(raw.split(b"\n", 2)[:2]):  # a PEP 263 cookie: CPython decodes, grimp may not
        return False
    if (b"\t" in raw and _TAB_INDENT.search(raw)) or (b"\r" in raw and _BARE_CR.search(raw)):
        return False
    if any(cheap.search(raw) and exact.search(raw) for cheap, exact in _SUSPECTS):
        return False
    prefixed = False
    for match in _screen(references[0]).finditer(raw):
        start, end = match.span()
        char = raw[start]
        if char in b"\"'" and end == start + 1:
            prefixed = True
        elif char not in b"[{(" or _starred_comprehension(raw, start):
            return False
    return not (prefixed and any(exact.search(raw) for exact in _PREFIXED))


def _starred_comprehension(raw: bytes, start: int) -> bool:
    """Whether the bracket at ``start`` (first element starred) may hold a comprehension; a string
    or a comment inside it counts as yes, since brackets in them would mislead the count."""
    depth = 0
    for position in range(start, len(raw)):
        char = raw[position]
        if char in b"([{":
            depth += 1
        elif char in b")]}":
            depth -= 1
            if depth == 0:
                return False
        elif char in b"'\"#":
            return True
        elif depth == 1 and raw.startswith(b"for", position) and not raw[position - 1:position].isalnum() \
                and not raw[position + 3:position + 4].isalnum() and raw[position - 1:position] != b"_" \
                and raw[position + 3:position + 4] != b"_":
            return True
    return True


_make = ImportFact._make


def facts_from_import_lines(raw: bytes, path: str, lines: Iterable[int]) -> FileFacts | None:
    """The facts of a plain file (:func:`plain`) from the lines where its import statements start
    (grimp's scan); None when they cannot be read from those lines alone: ``extract`` it instead."""
    facts = FileFacts(path)
    facts.shim = raw.startswith(_SHIM_MARKER)
    text = raw.split(b"\n")
    imports = facts.imports
    numbers = sorted(lines)
    blocks = None
    count = len(text)
    for number in numbers:
        if not 0 < number <= count:  # the file changed under the scan
            return None
        statement = text[number - 1]
        last = number - 1
        flags = _MODULE_LEVEL
        if statement[:1] == b" ":
            if blocks is None:
                blocks = _Blocks.of(raw, raw.split(b"\n"), numbers)  # the lines as they are, none blanked
                if blocks is None:
                    return None
            nested = blocks.flags(number - 1)
            if nested is None:
                return None
            flags = nested
            statement = statement.lstrip(b" ")
        if b"(" in statement and b"(" in statement.split(b"#", 1)[0]:
            statement, last = _continued(text, last, statement)
        parsed = _STATEMENTS.get(statement)
        if parsed is None:
            parsed = _STATEMENTS[statement] = _parse_statement(statement)
        if not parsed:
            return None
        for fields in parsed:
            imports.append(_make((number, *fields, *flags)))
        if last == number - 1:  # blanked: searched below for other uses of the names
            text[last] = b""
        else:
            text[number - 1:last + 1] = [b""] * (last + 2 - number)
    names = {imp.name for imp in imports if imp.form == "from" and imp.name is not None}
    if names and not _loads_only(b"\n".join(text), names):
        return None
    return facts


def _continued(text: list[bytes], index: int, first: bytes) -> tuple[bytes, int]:
    """A statement with a parenthesized name list (``first``: its first line, unindented), its
    lines joined (comments dropped), and its last line; an unclosed list gives b"" (not a statement)."""
    parts = [first.split(b"#", 1)[0]]
    last = index
    while b")" not in parts[-1]:
        last += 1
        if last >= len(text):
            return b"", index
        parts.append(text[last].split(b"#", 1)[0])
    return b" ".join(parts), last


_SHIM_MARKER = SHIM_MARKER.encode()
#: (lazy, conditional, type_checking, optional) of an import at column 0.
_MODULE_LEVEL: tuple[bool, bool, bool, bool] = (False, False, False, False)
#: What can hide a line break from the indentation: strings (a multi-line one spans lines) and
#: comments (their quotes and brackets are not code), then brackets (a line inside them continues
#: the one that opened them). Prefixes do not change where a string ends (``r"\""`` too); f-strings
#: and t-strings do (nested quotes since 3.12), so a file with one never gets here: :func:`plain`
#: rules them out where this interpreter reads them differently from ruff, :data:`_FORMATTED` elsewhere.
_STRINGS = re.compile(rb'''"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""|\'\'\'[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*\'\'\''''
                      rb'''|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'|#[^\n]*''', re.DOTALL)
_BLANK = bytes(10 if byte == 10 else 32 for byte in range(256))  # every byte a space but line breaks
#: Brackets opened and closed on one line, with no bracket inside: removed until none is left.
_BRACKET_PAIR = re.compile(rb"\([^()\[\]{}\n]*\)|\[[^()\[\]{}\n]*\]|\{[^()\[\]{}\n]*\}")
_BRACKET = re.compile(rb"[()\[\]{}]")
_FORMATTED_LETTERS = (b"fF" if sys.version_info >= (3, 12) else b"") + (b"tT" if sys.version_info >= (3, 14) else b"")
_FORMATTED = re.compile(rb"(?<![A-Za-z0-9_])(?:[%s][rR]?|[rR][%s])['\"]" % (_FORMATTED_LETTERS, _FORMATTED_LETTERS)) \
    if _FORMATTED_LETTERS else None
_STATEMENT_START = re.compile(rb"^ *(?:import|from)\b", re.MULTILINE)
_HEADER = re.compile(rb"(async[ \t]+)?([a-z]+)\b(.*):\Z", re.DOTALL)
_DOTTED_BYTES = re.compile(rb"[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*\Z")
_CATCHES = frozenset({b"ImportError", b"ModuleNotFoundError", b"Exception", b"BaseException"})
#: The flags a block header gives the statements in its body, as ``_Statements`` counts them:
#: (lazy, conditional); ``if`` / ``elif`` / ``try`` are decided by their expression.
_BLOCK_FLAGS = {b"def": (True, False), b"class": (False, False), b"match": (False, False),
                b"else": (False, True), b"except": (False, True), b"finally": (False, True),
                b"for": (False, True), b"while": (False, True), b"with": (False, True), b"case": (False, True)}


class _Blocks:
    """The blocks enclosing each indented import of a plain file, read from indentation.

    In a file without backslash continuations, tabs or f-strings, a line starts a statement unless
    it lies inside a multi-line string or inside brackets; the block of a statement indented by
    ``n`` is headed by the nearest statement before it indented by less. The header (one line,
    ending in ``:``) says what the block is, as ``_Statements`` sees it. Anything else (a header
    over several lines, an ``if`` on an expression that is not a dotted name but mentions
    ``TYPE_CHECKING``, an ``except`` clause naming anything but dotted names) gives None: the file
    takes ``extract``."""

    def __init__(self, text: list[bytes], inside: set[int]) -> None:
        self.text = text
        self.inside = inside  #: 0-based numbers of the lines that do not start a statement

    @classmethod
    def of(cls, raw: bytes, text: list[bytes], numbers: list[int]) -> _Blocks | None:
        if _FORMATTED is not None and _FORMATTED.search(raw):
            return None
        inside: set[int] = set()
        pieces = []
        last = 0
        for match in _STRINGS.finditer(raw):
            start, end = match.span()
            pieces.append(raw[last:start])
            token = match.group()
            pieces.append(token.translate(_BLANK))
            last = end
            if b"\n" in token and token[:1] != b"#":
                first = raw.count(b"\n", 0, start)
                inside.update(range(first + 1, first + 1 + token.count(b"\n")))
        pieces.append(raw[last:])
        code = b"".join(pieces)  # the same lines, strings and comments blanked
        removed = 1
        while removed:
            code, removed = _BRACKET_PAIR.subn(b"", code)
        depth = opened = 0
        for match in _BRACKET.finditer(code):  # brackets over several lines (few)
            if code[match.start()] in b"([{":
                if not depth:
                    opened = match.start()
                depth += 1
            else:
                depth -= 1
                if depth < 0:
                    return None
                if not depth:
                    first = code.count(b"\n", 0, opened)
                    inside.update(range(first + 1, first + 1 + code.count(b"\n", opened, match.start())))
        if depth:
            return None
        # Every statement importing something is one the scanner reported.
        reported = {number - 1 for number in numbers}
        for match in _STATEMENT_START.finditer(raw):
            line = raw.count(b"\n", 0, match.start())
            if line not in reported and line not in inside:
                return None
        return cls(text, inside)

    def flags(self, index: int) -> tuple[bool, bool, bool, bool] | None:
        """(lazy, conditional, type_checking, optional) of the statement on line ``index`` (0-based)."""
        text, inside = self.text, self.inside
        line = text[index]
        indent = len(line) - len(line.lstrip(b" "))
        lazy = conditional = type_checking = optional = False
        while indent:
            index -= 1
            if index < 0:
                return None
            line = text[index]
            code = line.lstrip(b" ")
            if index in inside or len(line) - len(code) >= indent or not code.strip() or code[:1] == b"#":
                continue
            indent = len(line) - len(code)
            header = self._header(code)
            if header is None:
                return None
            word, expression = header
            if word in (b"if", b"elif"):
                checking = self._type_checking(expression)
                if checking is None:
                    return None
                if checking:
                    type_checking = True
                if word == b"elif" or not checking:
                    conditional = True
            elif word == b"try":
                if expression:
                    return None
                catches = self._try_catches(index, indent)
                if catches is None:
                    return None
                conditional = True
                optional = optional or catches
            elif word in _BLOCK_FLAGS:
                block_lazy, block_conditional = _BLOCK_FLAGS[word]
                lazy = lazy or block_lazy
                conditional = conditional or block_conditional
            else:
                return None
        return lazy, conditional, type_checking, optional

    @staticmethod
    def _header(code: bytes) -> tuple[bytes, bytes] | None:
        """(keyword, what follows it) of a header line, None if it is not one line ending in ``:``."""
        if b"#" in code:
            if b"'" in code or b'"' in code:
                return None  # the comment cannot be told from a string without tokenizing
            code = code.split(b"#", 1)[0]
        match = _HEADER.match(code.rstrip())
        if match is None:
            return None
        word = match.group(2)
        if match.group(1) and word not in (b"def", b"for", b"with"):
            return None
        return word, match.group(3).strip()

    @staticmethod
    def _type_checking(expression: bytes) -> bool | None:
        """Whether an ``if`` on ``expression`` is ``if TYPE_CHECKING`` (a dotted name ending so),
        None when that cannot be told without parsing."""
        if _DOTTED_BYTES.match(expression):
            return expression.rpartition(b".")[2].strip() == b"TYPE_CHECKING"
        return None if b"TYPE_CHECKING" in expression else False

    def _try_catches(self, index: int, indent: int) -> bool | None:
        """Whether the ``try`` on line ``index`` has a handler catching ImportError (or anything
        broader), as ``_catches_import_error`` decides; None if a handler cannot be read."""
        text, inside = self.text, self.inside
        catches = False
        for number in range(index + 1, len(text)):
            line = text[number]
            code = line.lstrip(b" ")
            if number in inside or not code.strip() or code[:1] == b"#":
                continue
            level = len(line) - len(code)
            if level > indent:
                continue
            if level < indent:
                break
            header = self._header(code)
            if header is None:
                break
            word, expression = header
            if word != b"except":
                if word in (b"else", b"finally"):
                    continue
                break
            kinds = expression[1:].lstrip() if expression[:1] == b"*" else expression
            if b"'" in kinds or b'"' in kinds:
                return None
            kinds = kinds.rsplit(b" as ", 1)[0].strip() if b" as " in kinds else kinds
            if not kinds:
                catches = True  # a bare ``except:``
                continue
            if kinds[:1] == b"(":
                if kinds[-1:] != b")":
                    return None
                kinds = kinds[1:-1].strip()
                if kinds.endswith(b","):  # a tuple of one
                    kinds = kinds[:-1]
                if not kinds:  # ``except ():`` catches nothing
                    continue
            for kind in kinds.split(b","):
                kind = kind.strip()
                if not _DOTTED_BYTES.match(kind):
                    return None
                if kind.rpartition(b".")[2].strip() in _CATCHES:
                    catches = True
        return catches


#: Parsed import statements by text: the same lines recur across a checkout (``import os``).
_STATEMENTS: dict[bytes, tuple[tuple[str, str, int, str | None, str | None], ...]] = {}
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
_FROM = re.compile(r"from\s*((?:\.\s*)*)(.*?)\s*\bimport\b\s*(.*)\Z", re.DOTALL)


#: The commonest statements, ``from a.b import c`` and ``import a.b``, read without the general path.
_SIMPLE = re.compile(rb"(?:from[ \t]+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]+import[ \t]+([A-Za-z_]\w*)"
                     rb"|import[ \t]+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))\s*\Z")


def _parse_statement(raw: bytes) -> tuple[tuple[str, str, int, str | None, str | None], ...]:
    """``(form, module, level, name, alias)`` for each name of one import statement starting at
    column 0 (as ``_Statements`` records them at module level); () if it is not that alone."""
    simple = _SIMPLE.match(raw)
    if simple is not None:
        module, name, imported = simple.groups()
        if imported is not None:
            return (("import", imported.decode("ascii"), 0, None, None),)
        return (("from", module.decode("ascii"), 0, name.decode("ascii"), None),)
    return _parse_any_statement(raw)


def _parse_any_statement(raw: bytes) -> tuple[tuple[str, str, int, str | None, str | None], ...]:
    """:func:`_parse_statement` for every form: relative, aliased, several names, parenthesized."""
    if not raw.startswith((b"import", b"from")):
        return ()
    statement = raw.split(b"#", 1)[0].decode("ascii").strip()
    if ";" in statement:
        return ()
    if statement.startswith("import") and statement[6:7].isspace():
        names = _aliases(statement[7:])
        return tuple(("import-as" if alias else "import", name, 0, None, alias) for name, alias in names or ())
    match = _FROM.match(statement)
    if match is None:
        return ()
    level = match.group(1).count(".")
    module = "".join(match.group(2).split())
    rest = match.group(3).strip()
    if (module and not _DOTTED.match(module)) or not (module or level):
        return ()
    if rest == "*":
        return (("from-star", module, level, "*", None),)
    if rest.startswith("("):
        if not rest.endswith(")"):
            return ()
        rest = rest[1:-1].strip()
        rest = rest[:-1] if rest.endswith(",") else rest
    names = _aliases(rest)
    if not names or any("." in name for name, _ in names):
        return ()
    return tuple(("from-as" if alias else "from", module, level, name, alias) for name, alias in names)


def _aliases(text: str) -> list[tuple[str, str | None]] | None:
    """``a.b as c, d`` -> ``[("a.b", "c"), ("d", None)]``; None if it is not such a list."""
    found: list[tuple[str, str | None]] = []
    for item in text.split(","):
        words = item.split()
        alias = None
        if len(words) >= 3 and words[-2] == "as":
            alias, words = words[-1], words[:-2]
            if not _DOTTED.match(alias) or "." in alias:
                return None
        name = "".join(words)
        if not _DOTTED.match(name):
            return None
        found.append((name, alias))
    return found


#: What follows a name only where it is read, never bound: ``name.attr``, ``name(...)``,
#: ``name[...]``, an operator, a comparison, ``if``/``else``/``and``/``or``/``in``/``is``/``not``.
#: (A parameter or target is followed by ``=``, ``:``, ``,``, a closing bracket or a line end.)
_LOAD = re.compile(rb"[ \t]*(?:[.(\[+\-*/%@&|^<>]|==|!=|(?:if|else|and|or|in|is|not)\b)")
#: A name that is the whole test of an ``if`` / ``elif`` / ``while`` header (``if TYPE_CHECKING:``)
#: is read too: what precedes it, and what follows it (not ``:=``, which binds).
_TEST_BEFORE = re.compile(rb"(?<![\w.])(?:if|elif|while)[ \t]+\Z")
_TEST_AFTER = re.compile(rb"[ \t]*:(?!=)")


def _loads_only(body: bytes, names: set[str]) -> bool:
    """Whether every use of ``names`` in ``body`` (the file without its import statements) is a
    read (:data:`_LOAD`): never a parameter, a local or an attribute assigned to (``x.name = 1``
    ends in ``=``), so ``other_names`` is empty. Keywords and ``self.name`` come from the
    expression scan, which never runs for a plain file."""
    for name in names:
        word = name.encode()
        position = body.find(word)
        while position >= 0:
            end = position + len(word)
            if not (body[position - 1:position].isalnum() or body[position - 1:position] == b"_"
                    or body[end:end + 1].isalnum() or body[end:end + 1] == b"_") and not _LOAD.match(body, end) \
                    and not (_TEST_AFTER.match(body, end) and _TEST_BEFORE.search(body, max(0, position - 8), position)):
                return False
            position = body.find(word, end)
    return True


@dataclass(frozen=True)
class ScanTarget:
    """A file for grimp's scanner: its module name and where that name's top-level package is."""

    path: str  #: repo-relative
    module: str  #: dotted; ``top`` is its first part
    directory: str  #: the top-level package's directory (``<dir>.py`` for a top-level module)

    @property
    def top(self) -> str:
        return self.module.partition(".")[0]


def import_lines(root: str, targets: Sequence[ScanTarget]) -> dict[str, set[int]]:
    """The lines where import statements start, by path, from grimp's Rust scanner (every core).

    A file ruff cannot parse is left out (``extract`` reports its syntax error), as is everything
    when the scanner fails otherwise: the fast path only ever saves time."""
    if _rustgrimp is None or not targets:
        return {}
    by_filename: dict[str, ScanTarget] = {}  # filled on the first syntax error
    found: dict[str, set[int]] = {}
    pending = [list(targets)]
    while pending:
        group = pending.pop()
        try:
            scanned = _scan(group)
        except SourceSyntaxError as exc:
            if not by_filename:
                by_filename = {os.path.normpath(os.path.join(root, t.path)): t for t in targets}
            bad = by_filename.get(os.path.normpath(exc.filename))
            if bad is None or bad not in group:
                return {}
            rest = [t for t in group if t is not bad]
            half = len(rest) // 2 if len(rest) > 64 else len(rest)  # more errors cost a half each
            pending += [part for part in (rest[:half], rest[half:]) if part]
            continue
        except BaseException as exc:  # noqa: BLE001 - a panic of the extension is a BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return {}
        found.update(scanned)
    return found


def _scan(targets: list[ScanTarget]) -> dict[str, set[int]]:
    modules: dict[tuple[str, str], list[_ScanFile]] = {}
    for target in targets:  # the scanner reads ``module.name`` of each (grimp's ModuleFile, duck-typed)
        modules.setdefault((target.top, target.directory), []).append(_ScanFile(_ScannedModule(target.module)))
    packages = {FoundPackage(top, directory, frozenset(files))  # type: ignore[arg-type]  # duck-typed files
                for (top, directory), files in modules.items()}
    with _light_results():
        result = _rustgrimp.scan_for_imports(
            module_files=tuple(f for files in modules.values() for f in files), found_packages=packages,
            include_external_packages=True, exclude_type_checking_imports=False,
            file_system=_rustgrimp.RealBasicFileSystem())
    paths = {t.module: t.path for t in targets}
    return {paths[module.name]: {i.line_number for i in imports} for module, imports in result.items()}


@contextmanager
def _light_results() -> Iterator[None]:
    """Have the scanner build its results from two slot classes instead of grimp's frozen
    dataclasses ``Module`` and ``DirectImport``: it looks them up in ``grimp.domain.valueobjects``
    on every call and builds three per import under the GIL, a third of its run. Only
    ``name`` and ``line_number`` are read from them (:func:`_scan`). Done only while this is the
    process's one Python thread, so no other caller of grimp can see the swap; should grimp build
    them differently, the scan fails and every file takes ``extract`` (slower, same facts)."""
    if threading.active_count() != 1:
        yield
        return
    light = {"Module": _ScannedModule, "DirectImport": _ScannedImport}
    saved = {name: getattr(_valueobjects, name) for name in light}
    for name, cls in light.items():
        setattr(_valueobjects, name, cls)
    try:
        yield
    finally:
        for name, cls in saved.items():
            setattr(_valueobjects, name, cls)


class _ScannedModule:
    """What :func:`_light_results` gives the scanner for ``grimp.domain.valueobjects.Module``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _ScanFile(NamedTuple):
    """A file to scan, as the scanner reads grimp's ``ModuleFile``: only ``module.name``."""

    module: _ScannedModule
    mtime: float = 0.0


class _ScannedImport:
    """What :func:`_light_results` gives the scanner for ``grimp.domain.valueobjects.DirectImport``."""

    __slots__ = ("line_number",)

    def __init__(self, *, line_number: int, **_other_fields: object) -> None:
        self.line_number = line_number
