"""Read one Python file with ``ast``: its imports, its string references and the names it binds.

Every file is parsed exactly once, by :func:`planner.python_source.parse_python` (``ast``: 2.5-4x
faster than libcst for reading); its statement bodies are walked in Python (imports are always
statements), and its expressions only when the text may hold a string reference
(:func:`reference_filter`). A syntax error, or nesting too deep to parse or walk, is a fact, not an
exception. Nothing read is ever imported or executed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

from planner.attribute_strings import ATTRIBUTE_CALL, attribute_fact
from planner.built_file_names import built_file_names
from planner.doctest_imports import bare_doctest_imports
from planner.dynamic_screen import longest_first
from planner.facts import BINDING_MARKER, COMPUTED_ALL, SHIM_MARKER, SOURCE_READ, FileFacts, ImportFact, StringFact
from planner.handed_file_names import handed_file_names
from planner.module_calls import reference_kind  # calls whose first string argument names a module
from planner.module_keys import module_keys
from planner.module_parts import module_parts, parts_facts
from planner.name_tails import name_tails
from planner.package_dir_imports import package_dir_imports
from planner.prefixed_names import prefixed_facts
from planner.py_modules import KEYWORD, py_modules
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python
from planner.source_imports import doctest_names
from planner.source_read import read_as_source
from planner.sqlfind.in_code import sql_facts
from planner.string_shapes import PACKAGE_GIVEN, RELATIVE_STRING, file_relative, relative_pair, relative_table

#: A dotted path a string may hold: ``pkg.mod``, ``pkg.mod.func`` or ``pkg.mod:func``.
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?\Z")
#: Imports inside a string of Python source (code generation, exec): attrs' generated __init__
#: does ``__import__('attr._make')``.
CODE_IMPORT = re.compile(
    r"""(?:__import__|import_module)\(\s*['"]([\w.]+)['"]|^\s*from\s+([\w.]+)\s+import\s|^\s*import\s+([\w.]+)""",
    re.MULTILINE,
)
#: Doctest imports and Sphinx roles inside docstrings.
DOCTEST_IMPORT = re.compile(
    r"^[ \t]*(?:>>>|\.\.\.)\s+(?:from\s+([\w.]+)\s+import(?:[ \t]+([\w \t,]+))?|import\s+([\w.]+))", re.MULTILINE
)
#: A Python role's target; a bare name (``tool``) is a module in a ``:mod:`` role only (planner/doc_directives.py)
SPHINX_ROLE = re.compile(r":(?:py:)?(?:mod|(func|class|meth|attr|obj|data|exc|const)):`~?([\w.]+)`")

#: setuptools' keyword naming modules (planner/py_modules.py)
_PY_MODULES = KEYWORD.encode()

#: Words that make a file worth the expression scan wherever they occur (dynamic imports, lists of names).
_REFERENCE_WORDS = (
    b"import_module",
    b"__import__",
    b"resolve_name",
    b"pytest_plugins",
    b"__all__",
    b".__file__",
    _PY_MODULES,
)


def reference_filter(top_level: frozenset[str] | set[str]) -> bytes:
    """A regex (as bytes, so worker processes can receive it) that finds the files worth an
    expression-level scan: a quoted dotted path into the checkout's packages, or such a package's path built on
    (``f"<pkg.{name}"``, ``"pkg." + name``: planner/prefixed_names.py), or a module ``-m`` runs. A file holding one of
    :data:`_REFERENCE_WORDS` is scanned too (``in`` tests: one regex with both costs twice as much).
    The same names give the same bytes in every process (the facts cache's keys hold them)."""
    names = b"|".join(re.escape(t.encode()) for t in longest_first(top_level)) or b"(?!)"
    built = rb"|(?<![\w.])(?:" + names + rb")(?:\.\w+)*\.(?:\{|%s|[\"']\s*\+)"  # ``"<pkg.{}".format(p)``
    run = rb"|-m\s*(?:" + names + rb")\b"  # ``f"{sys.executable} -m tool"``: planner/module_keys.py
    return rb"[\"'](?:" + names + rb")[.:\"']" + built + run


def extract(source: str | bytes, path: str, interesting: bytes | None = None, *, sql: bool = False) -> FileFacts:
    """Parse ``source`` once and collect its facts; a syntax error is a fact, not an exception.

    Statements are walked in Python (imports, bindings, parameters, docstrings); the far more
    numerous expression nodes are walked only when ``interesting`` (see :func:`reference_filter`)
    matches the text, since only then can they hold a string reference. None scans everything.
    With ``sql`` the same tree gives the file's SQL call sites (``FileFacts.sql``, planner/sqlfind).
    """
    facts = FileFacts(path)
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    facts.shim = raw.lstrip(b"\xef\xbb\xbf").startswith(SHIM_MARKER.encode())
    try:
        tree = parse_python(source, path)
        with deep_walk():
            walker = _Statements(facts)
            walker.body(tree.body, docstring_of=tree)
            if (
                interesting is None
                or any(word in raw for word in _REFERENCE_WORDS)
                or re.search(interesting, raw)
                or (any(word in raw for word in PACKAGE_GIVEN) and RELATIVE_STRING.search(raw))
                or ((b"attr(" in raw or b".object(" in raw) and ATTRIBUTE_CALL.search(raw))  # ``getattr(pkg, "a")``
            ):
                _expressions(tree, facts, walker.skip, interesting, raw)
    except Unparsable as exc:
        return FileFacts(path, syntax_error=(exc.line, exc.message), shim=facts.shim)
    if sql:
        facts.sql = sql_facts(raw, path, tree)
    basename = path.rpartition("/")[2]
    if basename != "__init__.py":
        # a module's own name, ``__all__`` and the lower-case public names it defines (a sibling module's name:
        # sqlglot's ``builders.array``): what ``from .mod import *`` binds over a submodule (planner/resolve.py)
        stem = basename.partition(".")[0]
        kept = (stem, f"from:{stem}", "__all__", COMPUTED_ALL)
        facts.bound_names = {n: line for n, line in facts.bound_names.items() if n in kept or _public_lower(n)}
    elif BINDING_MARKER.encode() in raw:
        _compatibility_bindings(raw, facts)
    facts.bound_names.update(built_file_names(tree, raw))
    facts.bound_names.update(name_tails(tree, raw))
    facts.bound_names.update(handed_file_names(tree, raw))  # a name a helper completes into a file name
    facts.bound_names.update(package_dir_imports(tree, raw))  # ``import mod`` from ``Path(pkg.__file__).parent``
    facts.other_names &= {imp.name for imp in facts.imports if imp.form == "from" and imp.name is not None}
    return facts


def _public_lower(name: str) -> bool:
    return name.isidentifier() and name.islower() and not name.startswith("_")


def _literal_strings(value: ast.expr) -> bool:
    """Is ``value`` a list, tuple or set of string constants (an ``__all__`` the facts read whole)?"""
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else None
    return elements is not None and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elements)


def _compatibility_bindings(raw: bytes, facts: FileFacts) -> None:
    """``binding:NAME`` for each ``from . import new as NAME`` on a line ending with the binding marker."""
    marker = BINDING_MARKER.encode()
    lines = {n for n, text in enumerate(raw.split(b"\n"), 1) if marker in text}
    for imp in facts.imports:
        if imp.line in lines and imp.form == "from-as" and imp.alias and not imp.lazy:
            facts.bound_names[f"binding:{imp.alias}"] = imp.line


def _is_type_checking(test: ast.expr) -> bool:
    return dotted_name(test).rpartition(".")[2] == "TYPE_CHECKING"


def _catches_import_error(handlers: list[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None or dotted_name(kind).rpartition(".")[2] in {
                "ImportError",
                "ModuleNotFoundError",
                "Exception",
                "BaseException",
            }:
                return True
    return False


class _Statements:
    """Walks statement lists only, keeping the context (function, condition, TYPE_CHECKING, optional)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.function = 0
        #: class bodies the walk is in: a name bound there is the class's attribute, not the module's
        #: (chardet's ``DetectionResult.language`` field beside its ``pipeline/language.py``)
        self.classes = 0
        self.conditional = 0
        self.type_checking = 0
        self.optional = 0
        self.read_as_source = 0  #: in an ``if TYPE_CHECKING or <call>:`` block (planner/source_read.py)
        #: constants already classified (docstrings, __all__ entries): the expression scan skips them
        self.skip: set[int] = set()

    def body(self, statements: list[ast.stmt], docstring_of: ast.AST | None = None) -> None:
        if docstring_of is not None and statements:
            self._docstring(statements[0])
        for statement in statements:
            handler = _HANDLERS.get(type(statement))  # by exact type: ``ast`` never subclasses its nodes
            if handler is not None:
                handler(self, statement)

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._fact(node.lineno, "import-as" if alias.asname else "import", alias.name, 0, None, alias.asname)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                self.facts.other_names.add(arg.arg)
        if self.function == 0 and self.classes == 0:
            self.facts.bound_names.setdefault(node.name, node.lineno)
        self.function += 1
        self.body(node.body, docstring_of=node)
        self.function -= 1

    def _class(self, node: ast.ClassDef) -> None:
        if self.function == 0 and self.classes == 0:
            self.facts.bound_names.setdefault(node.name, node.lineno)
        self.classes += 1
        self.body(node.body, docstring_of=node)
        self.classes -= 1

    def _if(self, node: ast.If) -> None:
        # An elif chain is walked in a loop: by recursion, 450 elifs (ordinary, if long, Python)
        # reached the interpreter's recursion limit. Each elif sits in the else of the one before.
        chain = 0
        while True:
            if _is_type_checking(node.test):
                self.type_checking += 1
                self.body(node.body)
                self.type_checking -= 1
            else:
                read = read_as_source(node.test)
                self.read_as_source += read
                self._nested(node.body)
                self.read_as_source -= read
            if len(node.orelse) == 1 and type(node.orelse[0]) is ast.If:
                node = node.orelse[0]
                self.conditional += 1
                chain += 1
                continue
            self._nested(node.orelse)
            break
        self.conditional -= chain

    def _try(self, node: ast.Try | ast.TryStar) -> None:
        optional = _catches_import_error(node.handlers)
        self.optional += optional
        self._nested(node.body)
        self.optional -= optional
        self._nested(*(h.body for h in node.handlers), node.orelse, node.finalbody)

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        self._nested(node.body, node.orelse)

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        self._nested(node.body)

    def _match(self, node: ast.Match) -> None:
        self._nested(*(case.body for case in node.cases))

    def _nested(self, *bodies: list[ast.stmt]) -> None:
        self.conditional += 1
        for statements in bodies:
            self.body(statements)
        self.conditional -= 1

    def _fact(self, line: int, form: str, module: str, level: int, name: str | None, alias: str | None) -> None:
        self.facts.imports.append(
            ImportFact(  # positional: named arguments cost a named tuple a third more
                line,
                form,
                module,
                level,
                name,
                alias,
                self.function > 0,  # lazy
                self.conditional > 0,
                self.type_checking > 0,
                self.optional > 0,
            )
        )

    def _import_from(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self._fact(node.lineno, "from-star", node.module or "", node.level, "*", None)
                continue
            self._fact(
                node.lineno,
                "from-as" if alias.asname else "from",
                node.module or "",
                node.level,
                alias.name,
                alias.asname,
            )
            if self.function == 0 and self.classes == 0:
                # ``from . import x`` / ``from .x import x``: whether it binds the module is decided later.
                self.facts.bound_names.setdefault(f"from:{alias.asname or alias.name}", node.lineno)
                if self.read_as_source and node.level == 1 and not node.module:  # planner/source_read.py
                    self.facts.bound_names.setdefault(f"{SOURCE_READ}{alias.name}", node.lineno)

    def _assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        for target in node.targets if isinstance(node, ast.Assign) else (node.target,):
            self._bind(target)
            self._listed_names(target, node.value)

    def _augmented(self, node: ast.AugAssign) -> None:  # ``x += ...`` binds nothing new
        self._listed_names(node.target, node.value)

    def _listed_names(self, target: ast.expr, value: ast.expr | None) -> None:
        if type(target) is ast.Name and target.id in {"__all__", "pytest_plugins"} and value is not None:
            self._string_list(value, target.id)
            if target.id == "__all__" and self.function == 0 and self.classes == 0 and not _literal_strings(value):
                self.facts.bound_names.setdefault(COMPUTED_ALL, target.lineno)

    def _bind(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            if self.function == 0 and self.classes == 0:
                self.facts.bound_names.setdefault(target.id, target.lineno)
            elif self.function:
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
        if not (
            isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
        ):
            return
        constant = first.value
        self.skip.add(id(constant))
        text = str(constant.value)
        if ">>>" not in text and ":`" not in text:
            return
        for match in DOCTEST_IMPORT.finditer(text):
            line = constant.lineno + text.count("\n", 0, match.start())
            self.facts.strings.append(StringFact(line, "doctest", match.group(1) or match.group(3)))
        for index, module in doctest_names(text):  # ``from pkg import mod``, also over ``...`` lines: pkg.mod
            self.facts.strings.append(StringFact(constant.lineno + index, "doctest-from", module))
        # ``>>> import os, tool``: each bare top-level module it names, and the name it bound wherever it stands
        for index, module in bare_doctest_imports(text):
            self.facts.strings.append(StringFact(constant.lineno + index, "doctest", module))
        for match in SPHINX_ROLE.finditer(text):
            if match.group(1) is None or "." in match.group(2):  # ``:func:`tool```: a function's name, not the module
                offset = text.count("\n", 0, match.start())
                self.facts.strings.append(StringFact(constant.lineno + offset, "sphinx", match.group(2)))


#: The statements that can hold an import, a binding or a nested body, and how each is walked;
#: any other statement holds nothing the walk collects (its expressions are :func:`_expressions`' job).
_HANDLERS: dict[type[ast.stmt], Callable[[_Statements, Any], None]] = {
    ast.Import: _Statements._import,
    ast.ImportFrom: _Statements._import_from,
    ast.FunctionDef: _Statements._function,
    ast.AsyncFunctionDef: _Statements._function,
    ast.ClassDef: _Statements._class,
    ast.If: _Statements._if,
    ast.Try: _Statements._try,
    ast.TryStar: _Statements._try,
    ast.For: _Statements._loop,
    ast.AsyncFor: _Statements._loop,
    ast.While: _Statements._loop,
    ast.With: _Statements._with,
    ast.AsyncWith: _Statements._with,
    ast.Match: _Statements._match,
    ast.Assign: _Statements._assign,
    ast.AnnAssign: _Statements._assign,
    ast.AugAssign: _Statements._augmented,
}


def _py_modules(tree: ast.Module, facts: FileFacts, skip: set[int]) -> None:
    """setuptools' names of top-level modules (bottle's ``setup(py_modules=['bottle'])``), each a module path
    whole, and the values Guardian cannot read there (planner/py_modules.py)."""
    strings, unknown = py_modules(tree)
    for string in sorted(strings, key=lambda s: (s.lineno, s.col_offset)):
        facts.strings.append(StringFact(string.lineno, "py_modules", str(string.value)))
        skip.add(id(string))
    facts.strings.extend(StringFact(line, "py_modules-unknown", text) for line, text in unknown)


def _expressions(tree: ast.Module, facts: FileFacts, skip: set[int], interesting: bytes | None, raw: bytes) -> None:
    """Calls with module-path arguments, annotation strings, dotted string constants, lists of a path's parts,
    keywords."""
    annotation_strings: set[int] = set()
    constants: list[tuple[ast.Constant, str]] = []
    parts: list[ast.Tuple | ast.List] = []  # ``["pkg", "mod"]``: its kind known from the code around it
    if _PY_MODULES in raw:  # ``setup(py_modules=["tool"])``: module names, bare ones too
        _py_modules(tree, facts, skip)
    if b"modules" in raw or b"-m" in raw:  # ``sys.modules.get("tool")``, ``["-m", "tool"]``: planner/module_keys.py
        for key, key_kind, name in module_keys(tree):
            facts.strings.append(StringFact(key.lineno, key_kind, name))
            if name == key.value:
                skip.add(id(key))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg:
                    facts.other_names.add(keyword.arg)
            called = dotted_name(node.func)
            kind = reference_kind(called)
            if kind and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    facts.strings.append(StringFact(first.lineno, kind, first.value))
                    skip.add(id(first))
            attribute = attribute_fact(node, called)  # ``getattr(pkg, "alpha")``: planner/attribute_strings.py
            if attribute is not None:
                facts.strings.append(attribute[1])
                skip.add(id(attribute[0]))
            relative_table(node, facts)
            file_relative(node, facts)
        elif isinstance(node, ast.Compare):
            file_relative(node, facts)  # ``get_module_part("a.b.C", m.__file__) == "a.b"``: its expected result
        elif isinstance(node, ast.Tuple):
            relative_pair(node, facts)
            module_parts(node, parts, interesting)
        elif isinstance(node, ast.List):
            module_parts(node, parts, interesting)
        elif isinstance(node, (ast.arg, ast.AnnAssign, ast.FunctionDef, ast.AsyncFunctionDef)):
            annotations = (
                [node.returns] if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else [node.annotation]
            )
            for annotation in annotations:
                for sub in ast.walk(annotation) if annotation is not None else ():
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        annotation_strings.add(id(sub))
                        for match in re.finditer(r"[A-Za-z_][\w.]*", sub.value):
                            if "." in match.group(0):
                                facts.strings.append(StringFact(sub.lineno, "annotation", match.group(0)))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}:
            facts.other_names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            if node.value.isascii() and DOTTED.match(node.value.decode("ascii")):  # ``b"pkg.mod"``: a name as bytes
                facts.strings.append(StringFact(node.lineno, "string", node.value.decode("ascii")))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if DOTTED.match(node.value):
                constants.append((node, node.value))
            elif "import" in node.value and id(node) not in skip:  # Python source held in a string
                for match in CODE_IMPORT.finditer(node.value):
                    facts.strings.append(StringFact(node.lineno, "code-string", next(g for g in match.groups() if g)))
    parts_facts(tree, parts, facts, raw)
    prefixed_facts(tree, facts, raw)  # ``helper("mod.Class")`` where ``helper`` builds ``f"pkg.{name}"``
    for constant, text in constants:  # after the walk: calls and annotations claim their strings first
        if id(constant) not in skip and id(constant) not in annotation_strings:
            facts.strings.append(StringFact(constant.lineno, "string", text))
