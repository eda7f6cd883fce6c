"""Read one Python file with ``ast``: its imports, its string references and the names it binds.

Every file is parsed exactly once, by :func:`planner.python_source.parse_python` (``ast``: 2.5-4x
faster than libcst for reading); its statement bodies are walked in Python (imports are always
statements: planner/statement_facts.py), and its expressions only when the text may hold a string reference
(:func:`reference_filter`). A syntax error, or nesting too deep to parse or walk, is a fact, not an
exception. Nothing read is ever imported or executed.
"""

from __future__ import annotations

import ast
import re

from planner.attribute_reads import ATTRIBUTE_READ, attribute_reads
from planner.attribute_strings import ATTRIBUTE_CALL, attribute_fact
from planner.built_file_names import built_file_names
from planner.bytes_text import constant_text
from planner.directory_discovery import directory_discoveries
from planner.django_model_refs import has_model_words, migration_file, model_label_strings
from planner.dunder_all import ALL_COPY
from planner.dynamic_screen import longest_first
from planner.endpoint_names import endpoint_strings
from planner.entry_point_lookups import entry_name_strings
from planner.entry_point_names import name_arguments
from planner.facts import BINDING_MARKER, COMPUTED_ALL, SHIM_MARKER, FileFacts, StringFact
from planner.handed_file_names import handed_file_names
from planner.import_calls import chain_facts, import_level
from planner.module_calls import reference_kind  # calls whose first string argument names a module
from planner.module_keys import module_keys
from planner.module_parts import module_parts, parts_facts
from planner.name_parts import name_part_literals
from planner.name_tails import name_tails
from planner.package_dir_imports import package_dir_imports
from planner.package_path import path_extensions
from planner.prefixed_names import prefixed_facts
from planner.py_modules import KEYWORD, py_modules
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python
from planner.signing_salts import salt_strings
from planner.split_literals import unwritable_concatenation
from planner.sqlfind.in_code import sql_facts
from planner.star_exports import STAR_EXPORT, star_loaded
from planner.statement_facts import Statements
from planner.string_shapes import PACKAGE_GIVEN, RELATIVE_STRING, file_relative, relative_pair, relative_table
from planner.unittest_discovery import unittest_discoveries

#: A dotted path a string may hold: ``pkg.mod``, ``pkg.mod.func`` or ``pkg.mod:func``.
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?\Z")
#: Imports inside a string of Python source (code generation, exec): attrs' generated __init__
#: does ``__import__('attr._make')``.
CODE_IMPORT = re.compile(
    r"""(?:__import__|import_module)\(\s*['"]([\w.]+)['"]|^\s*from\s+([\w.]+)\s+import\s|^\s*import\s+([\w.]+)""",
    re.MULTILINE,
)
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
            walker = Statements(facts)
            walker.body(tree.body, docstring_of=tree)
            if (
                interesting is None
                or any(word in raw for word in _REFERENCE_WORDS)
                or re.search(interesting, raw)
                or (any(word in raw for word in PACKAGE_GIVEN) and RELATIVE_STRING.search(raw))
                or ((b"attr(" in raw or b".object(" in raw) and ATTRIBUTE_CALL.search(raw))  # ``getattr(pkg, "a")``
                or ATTRIBUTE_READ.search(raw)  # ``vars(pkg)["a"]``: planner/attribute_reads.py
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
        facts.bound_names = {
            n: line for n, line in facts.bound_names.items() if n in kept or n.startswith(ALL_COPY) or _public_lower(n)
        }
    elif BINDING_MARKER.encode() in raw:
        _compatibility_bindings(raw, facts)
    if basename == "__init__.py" and b"__all__" in raw:  # ``__all__ = ["starmod"]``, loaded by a star import only
        facts.bound_names.update({STAR_EXPORT + name: line for name, line in star_loaded(tree).items()})
    facts.bound_names.update(built_file_names(tree, raw))
    facts.bound_names.update(name_part_literals(tree, raw))  # ``path.replace(".panel.", ".")``
    facts.bound_names.update(name_tails(tree, raw))
    facts.bound_names.update(handed_file_names(tree, raw))  # a name a helper completes into a file name
    facts.bound_names.update(package_dir_imports(tree, raw))  # ``import mod`` from ``Path(pkg.__file__).parent``
    facts.bound_names.update(directory_discoveries(tree, raw))  # ``pkgutil.iter_modules(__path__)``: names are data
    facts.bound_names.update(path_extensions(tree, raw))  # ``__path__.append(...)``: its modules' names differ
    facts.bound_names.update(unittest_discoveries(tree, raw))  # ``loader.discover(d, pattern="case_*.py")``
    facts.other_names &= {imp.name for imp in facts.imports if imp.form == "from" and imp.name is not None}
    return facts


def _public_lower(name: str) -> bool:
    return name.isidentifier() and name.islower() and not name.startswith("_")


def _compatibility_bindings(raw: bytes, facts: FileFacts) -> None:
    """``binding:NAME`` for each ``from . import new as NAME`` on a line ending with the binding marker."""
    marker = BINDING_MARKER.encode()
    lines = {n for n, text in enumerate(raw.split(b"\n"), 1) if marker in text}
    for imp in facts.imports:
        if imp.line in lines and imp.form == "from-as" and imp.alias and not imp.lazy:
            facts.bound_names[f"binding:{imp.alias}"] = imp.line


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
    lines: list[bytes] | None = None  # the file's lines, split once the first import call's string is read
    constants: list[tuple[ast.Constant, str]] = []
    parts: list[ast.Tuple | ast.List] = []  # ``["pkg", "mod"]``: its kind known from the code around it
    if _PY_MODULES in raw:  # ``setup(py_modules=["tool"])``: module names, bare ones too
        _py_modules(tree, facts, skip)
    if b"modules" in raw or b"-m" in raw:  # ``sys.modules.get("tool")``, ``["-m", "tool"]``: planner/module_keys.py
        for key, key_kind, name in module_keys(tree):
            if name == key.value:  # ``sys.modules.get("pkg." "\\x6d1")``: apply leaves it, the old path is kept
                lines = lines if lines is not None else raw.splitlines(keepends=True)
                key_kind = "computed-import" if unwritable_concatenation(lines, key) else key_kind
            facts.strings.append(StringFact(key.lineno, key_kind, name))
            if name == key.value:
                skip.add(id(key))
    if ATTRIBUTE_READ.search(raw):  # ``vars(pkg)["alpha"]``, ``pkg.__dict__.get("alpha")``: as ``getattr``
        for string, fact in attribute_reads(tree):
            facts.strings.append(fact)
            if string is not None:
                skip.add(id(string))
    if b"entry" in raw:  # ``eps["pkg.plug"]``, ``ep.name == "pkg.plug"``: an entry point's name, no module
        skip.update(id(name) for name in entry_name_strings(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg:
                    facts.other_names.add(keyword.arg)
            skip.update(id(name) for name in name_arguments(node))  # ``entry_points(name="pkg.plug")``: no module
            called = dotted_name(node.func)
            kind = reference_kind(called)
            if kind and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    level = import_level(node)  # ``__import__("helper", globals(), None, [], 1)``: relative
                    if level:
                        facts.strings.append(
                            StringFact(first.lineno, "relative:__package__", "." * level + first.value)
                        )
                    elif level == 0:
                        # apply leaves ``import_module("pkg." "\\x6d1")``, ``mock.patch(r"pkg." "m1.V")``: the old
                        # path is kept (a shim: the same module object, which the patch reaches too)
                        lines = lines if lines is not None else raw.splitlines(keepends=True)
                        if unwritable_concatenation(lines, first):
                            kind = "computed-import"
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
        elif isinstance(node, ast.Constant) and (text := constant_text(node)) is not None:  # bytes as text too
            if DOTTED.match(text):  # ``b"pkg.mod"``: a name as bytes (planner/bytes_text.py)
                constants.append((node, text))
            elif "import" in text and id(node) not in skip:  # Python source held in a string
                for match in CODE_IMPORT.finditer(text):
                    facts.strings.append(StringFact(node.lineno, "code-string", next(g for g in match.groups() if g)))
    if b"import_module(" in raw or b"__import__(" in raw:  # ``__import__("pkg.m1").m1.V``: planner/import_calls.py
        facts.strings.extend(StringFact(line, kind, names) for line, kind, names in chain_facts(tree))
    parts_facts(tree, parts, facts, raw)
    prefixed_facts(tree, facts, raw)  # ``helper("mod.Class")`` where ``helper`` builds ``f"pkg.{name}"``
    # ``key_salt = "pkg.tokens.Generator"``: data signed before the rename, left (planner/signing_salts.py)
    salts = {id(string) for string in salt_strings(tree)} if b"salt" in raw.lower() else set()
    # ``url_for("auth.login")``: a blueprint's and a view's name, no module path (planner/endpoint_names.py)
    endpoints = {id(string) for string in endpoint_strings(tree)} if b"url_" in raw else set()
    # ``ForeignKey("shop.order")``, a migration's ``to="shop.order"``: a model, no module (planner/django_model_refs.py)
    models = _model_labels(tree, facts.path, raw) if constants and has_model_words(facts.path, raw) else set()
    for constant, text in constants:  # after the walk: calls and annotations claim their strings first
        if id(constant) not in skip and id(constant) not in annotation_strings and id(constant) not in models:
            lines = lines if lines is not None else raw.splitlines(keepends=True)
            kept = unwritable_concatenation(lines, constant)  # ``("pkg." "\\x6d1.f")``: apply leaves it
            kind = "signing-salt" if id(constant) in salts else "computed-import" if kept else "string"
            kind = "endpoint-name" if id(constant) in endpoints else kind
            facts.strings.append(StringFact(constant.lineno, kind, text))


def _model_labels(tree: ast.Module, path: str, raw: bytes) -> set[int]:
    """The ids of the string literals of ``tree`` that are Django model labels (planner/django_model_refs.py)."""
    return {id(string) for string in model_label_strings(tree, migration=migration_file(path, raw))}
