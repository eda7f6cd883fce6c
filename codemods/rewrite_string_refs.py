"""Rewrite string references to renamed modules in Python source, on an exact dotted-path match only.

Rope rewrites imports; it leaves strings alone (docs/design.md). This
codemod rewrites, for a whole batch of renames at once:

- targets of ``mock.patch`` / ``patch`` / ``mocker.patch`` (and ``.dict``/``.multiple``),
  ``monkeypatch.setattr``/``delattr``, ``importlib.import_module`` (relative ones too when the
  package is known), ``__import__``, ``pkgutil.resolve_name``, ``importlib.util.find_spec``;
- the attribute name of ``patch.object(pkg, "mod")`` / ``monkeypatch.setattr(pkg, "mod", ...)``
  when ``pkg.mod`` is renamed;
- ``pytest_plugins`` and, in a package ``__init__``, ``__all__`` entries naming a renamed submodule
  (left alone when the file still binds that name, e.g. ``from . import new as mod``);
- string annotations, ``# type:`` comments, doctest lines and Sphinx roles in docstrings;
- any other plain string that is exactly a dotted path into a renamed module (kind ``string``,
  for a person to review). Dict keys, bare words and ordinary comments are never touched; f-strings,
  dict keys and prose mentions are reported in ``warnings`` as manual follow-up.

``pkg.mod``, ``pkg.mod.func`` and ``pkg.mod:func`` match the rename of ``pkg.mod``; ``pkg.models``,
``pkgXmod`` and ``pkg.mod_utils`` do not. Formatting is kept byte for byte (libcst round-trips).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods.base import (
    DOTTED_TOKEN,
    CodemodResult,
    Edit,
    Renames,
    looks_like_code,
    rewrite_docstring,
    sub_code,
    sub_code_string,
    unchanged,
)
from codemods.cst_source import parse_cst
from codemods.implicit_submodules import implicit_names
from codemods.lazy_table import LazyMapping, add_beside, find_mapping, lookup, mapping_value
from codemods.string_tokens import has_escaped, sub_dotted, sub_escaped, sub_tokens
from planner.module_calls import ATTRIBUTE_CALLS, MODULE_PATH_CALLS
from planner.python_source import Unparsable, deep_walk

__all__ = ["RewriteStringRefs", "rewrite_string_refs"]

_TYPE_COMMENT = re.compile(r"#\s*type:(?!\s*ignore\b)")

#: Calls whose first positional argument is a dotted target -> kind of the edit (one table with the planner's).
TARGET_CALLS = MODULE_PATH_CALLS
#: Calls ``f(obj, "attr", ...)`` whose attribute name may be a renamed submodule of ``obj``.
ATTR_CALLS = ATTRIBUTE_CALLS


class RewriteStringRefs(cst.CSTTransformer):
    """libcst transformer: rewrites string references of ``renames`` in one module.

    After ``module.visit(...)``, ``edits`` and ``warnings`` describe what was (not) done.
    """

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider)

    def __init__(
        self, renames: Renames, *, path: str, module: str | None, is_package: bool, prose: bool = True
    ) -> None:
        super().__init__()
        self.renames = renames
        self.prose = prose
        self.path = path
        self.module = module
        self.is_package = is_package
        self.edits: list[Edit] = []
        self.warnings: list[str] = []
        self._contexts: dict[int, str] = {}  # id(SimpleString) -> kind of an explicit context
        self._replacements: dict[int, tuple[str, str]] = {}  # id(SimpleString) -> (new raw, kind)
        self._dict_keys: set[int] = set()
        self._docstrings: set[int] = set()
        self._bindings: frozenset[str] = frozenset()
        self._lazy = False
        self._mapping: LazyMapping | None = None
        self._implicit: Mapping[str, str] = {}  #: old -> new name of submodules an import binds implicitly
        self._depth = 0  #: inside a function body: tables are module-level constants
        self._annotation_depth = 0

    # -- helpers -------------------------------------------------------------------------------
    def _line(self, node: cst.CSTNode) -> int:
        return int(self.get_metadata(PositionProvider, node).start.line)

    def _warn(self, node: cst.CSTNode, reason: str, text: str) -> None:
        self.warnings.append(f"{self.path}:{self._line(node)}: manual follow-up: {reason}: {text!r}")

    def _names(self, node: cst.CSTNode) -> set[str]:
        names = {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
        full = get_full_name_for_node(node)
        if full:
            names.add(full)
        return {n.rpartition(".<locals>.")[2] for n in names}

    def _package(self) -> str | None:
        if self.module is None:
            return None
        return self.module if self.is_package else self.module.rpartition(".")[0]

    # -- collecting contexts -------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        self._docstrings |= docstring_nodes(node)
        # a PEP 562 package serves names from its own table: its __all__ keeps the old names, which
        # the shims at the old paths (codemods/keep_alive.py) keep importable
        self._lazy = any(isinstance(n, cst.FunctionDef) and n.name.value == "__getattr__" for n in node.body)
        self._bindings = module_bindings(node, self.renames, self._package())
        if self._lazy and self.is_package and self.module:
            self._mapping = find_mapping(node, self.renames, self.module)
        if self.is_package and self.module:
            self._implicit = implicit_names(node, self.renames, self.module)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._docstrings |= docstring_nodes(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._docstrings |= docstring_nodes(node)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if isinstance(node.key, cst.SimpleString):
            self._dict_keys.add(id(node.key))

    def visit_Annotation(self, node: cst.Annotation) -> None:
        self._annotation_depth += 1

    def leave_Annotation(self, original_node: cst.Annotation, updated_node: cst.Annotation) -> cst.Annotation:
        self._annotation_depth -= 1
        return updated_node

    def visit_Call(self, node: cst.Call) -> None:
        names = self._names(node.func)
        args = [a for a in node.args if a.keyword is None and a.star == ""]
        kind = next((TARGET_CALLS[n] for n in names if n in TARGET_CALLS), None)
        if kind is not None and args and isinstance(args[0].value, cst.SimpleString):
            target = args[0].value
            self._contexts[id(target)] = kind
            if kind == "import_module" and target.raw_value.startswith("."):
                self._relative(node, target)
            return
        if any(n in ATTR_CALLS for n in names) and len(args) >= 2 and isinstance(args[1].value, cst.SimpleString):
            self._attribute(args[0].value, args[1].value, kind=next(ATTR_CALLS[n] for n in names if n in ATTR_CALLS))

    def _relative(self, call: cst.Call, target: cst.SimpleString) -> None:
        package: str | None = None
        for number, arg in enumerate(call.args):
            if (arg.keyword.value if arg.keyword is not None else ("package" if number == 1 else "")) != "package":
                continue
            value = arg.value
            if isinstance(value, cst.SimpleString):
                package = value.raw_value
            elif isinstance(value, cst.Name) and value.value == "__package__":
                package = self._package()
            elif isinstance(value, cst.Name) and value.value == "__name__":
                package = self.module
        new = resolve_relative(target.raw_value, package, self.renames)
        if new is None:
            return
        if new == "":
            self._warn(target, "relative import_module whose package is unknown or moved", target.raw_value)
            return
        self._replacements[id(target)] = (new, "import_module")

    def _attribute(self, owner: cst.BaseExpression, attr: cst.SimpleString, *, kind: str) -> None:
        name = attr.raw_value
        if not name.isidentifier():
            return
        for qualified in self._names(owner):
            new = self.renames.mapping.get(f"{qualified}.{name}")
            if new is not None and new.rpartition(".")[0] == qualified:
                self._replacements[id(attr)] = (new.rpartition(".")[2], kind)
                return

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._assigned(target.target.value, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._assigned(node.target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._assigned(node.target.value, node.value)

    def _assigned(self, name: str, value: cst.BaseExpression) -> None:
        if name == "pytest_plugins":
            for string in _strings(value):
                self._contexts[id(string)] = "pytest_plugins"
        elif name == "__all__" and self.is_package and self.module is not None:
            for string in _strings(value):
                self._all_entry(string)

    def _all_entry(self, string: cst.SimpleString) -> None:
        tail = string.raw_value
        new = self.renames.mapping.get(f"{self.module}.{tail}")
        if new is None or not tail.isidentifier():
            return
        if tail in self._bindings or self._lazy:
            return  # the package still binds or serves the old name (kept local name, lazy table): still valid
        if new.rpartition(".")[0] != self.module:
            self._warn(string, f"__all__ names {self.module}.{tail}, which moves to another package", tail)
            return
        self._replacements[id(string)] = (new.rpartition(".")[2], "__all__")

    # -- rewriting -----------------------------------------------------------------------------
    def _lazy_table(
        self, originals: Sequence[cst.BaseElement], elements: Sequence[cst.BaseElement]
    ) -> list[cst.BaseElement] | None:
        """A lazy package's table that cannot become a mapping: the new names added beside the old ones
        (codemods/lazy_table.py); the old names keep working through the shims at the old paths."""
        if not (self._lazy and self.module and self._depth == 0) or self._mapping is not None:
            return None
        added = add_beside(elements, self.renames, self.module)
        if added is None:
            return None
        out, entries = added
        for index, old, tail in entries:
            self.edits.append(Edit(self.path, self._line(originals[index]), "lazy-table", old, f"{old}, {tail}"))
        return out

    def _unbound(self, node: cst.Name) -> bool:
        """Is ``node`` a read of a name that nothing in the file binds (a global set by the import system)?"""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None or node.value in scope:
            return False
        return any(access.node is node for access in scope.accesses[node.value])

    def _table_mapping(self, original: cst.CSTNode) -> cst.Dict | None:
        """The lazy table as a mapping, when ``original`` is its value (codemods/lazy_table.py)."""
        found = self._mapping
        if found is None or id(original) != found.value:
            return None
        for string in found.elements:
            old = str(string.evaluated_value)
            if old in found.new_names:
                self.edits.append(Edit(self.path, self._line(string), "lazy-mapping", old, found.new_names[old]))
        return mapping_value(found)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return self._table_mapping(original_node) or updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        new_name = self._implicit.get(original_node.value)
        if new_name is not None and self._unbound(original_node):  # codemods/implicit_submodules.py
            self.edits.append(
                Edit(self.path, self._line(original_node), "implicit-submodule", original_node.value, new_name)
            )
            return updated_node.with_changes(value=new_name)
        found = self._mapping
        if found is None or id(original_node) not in found.guarded | found.unguarded:
            return updated_node
        new = lookup(found, updated_node, original_node)
        self.edits.append(
            Edit(
                self.path,
                self._line(original_node),
                "lazy-lookup",
                original_node.value,
                cst.Module([]).code_for_node(new),
            )
        )
        return new

    def leave_Set(self, original_node: cst.Set, updated_node: cst.Set) -> cst.BaseExpression:
        mapping = self._table_mapping(original_node)
        if mapping is not None:
            return mapping
        table = self._lazy_table(original_node.elements, updated_node.elements)
        return updated_node if table is None else updated_node.with_changes(elements=table)

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        mapping = self._table_mapping(original_node)
        if mapping is not None:
            return mapping
        table = self._lazy_table(original_node.elements, updated_node.elements)
        return updated_node if table is None else updated_node.with_changes(elements=table)

    def leave_Tuple(self, original_node: cst.Tuple, updated_node: cst.Tuple) -> cst.BaseExpression:
        mapping = self._table_mapping(original_node)
        if mapping is not None:
            return mapping
        table = self._lazy_table(original_node.elements, updated_node.elements)
        return updated_node if table is None else updated_node.with_changes(elements=table)

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._depth += 1

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._depth -= 1

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        raw = original_node.raw_value
        if "b" in original_node.prefix.lower():
            return updated_node
        key = id(original_node)
        if key in self._replacements:
            new, kind = self._replacements[key]
            return self._replace(original_node, updated_node, raw, new, kind)
        if key in self._docstrings:
            first = self._line(original_node)
            new_raw, edits, warnings = rewrite_docstring(raw, self.renames, path=self.path, first_line=first)
            self.edits.extend(edits)
            if self.prose:  # what is left is prose: rewritten on an exact token like the rest
                new_raw = self._prose(new_raw, first, "docstring")
            else:
                self.warnings.extend(warnings)
            return updated_node.with_changes(value=_quoted(original_node, new_raw)) if new_raw != raw else updated_node
        if has_escaped(raw):  # a regex: ``pkg\.mod\.Klass`` (one or two backslashes as written)
            escaped = sub_escaped(raw, self.renames)
            if escaped != raw:
                self.edits.append(Edit(self.path, self._line(original_node), "regex", raw, escaped))
                updated_node = updated_node.with_changes(value=_quoted(original_node, escaped))
                raw = escaped
        if not self.renames.prefilter(raw):
            return updated_node
        if self._annotation_depth:
            new_raw = self.renames.sub(raw)
            return self._replace(original_node, updated_node, raw, new_raw, "annotation")
        dotted = any("." in m.group(0) or raw[m.end() : m.end() + 1] in (".", ":") for m in self.renames.find(raw))
        if key in self._dict_keys:
            return self._replace(original_node, updated_node, raw, sub_dotted(raw, self.renames), "dict-key")
        context = self._contexts.get(key)
        target = self.renames.rewrite(raw) if DOTTED_TOKEN.fullmatch(raw) else None
        if target is not None and (context is not None or "." in raw):
            return self._replace(original_node, updated_node, raw, target, context or "string")
        if target is None and looks_like_code(raw):
            new_raw = sub_code_string(raw, self.renames)
            if new_raw != raw:  # journaled as a "code-string" edit like every other
                return self._replace(original_node, updated_node, raw, new_raw, "code-string")
        if dotted and target is None:  # a path inside a longer string: a message, a concatenation's part
            return self._replace(original_node, updated_node, raw, sub_dotted(raw, self.renames), "string-part")
        return updated_node

    def _replace(
        self, original: cst.SimpleString, updated: cst.SimpleString, raw: str, new: str, kind: str
    ) -> cst.SimpleString:
        if new == raw:
            return updated
        first = next((i for i, (a, b) in enumerate(zip(raw, new)) if a != b), min(len(raw), len(new)))
        line = self._line(original) + raw.count("\n", 0, first)  # a multi-line string: the line that changed
        self.edits.append(Edit(self.path, line, kind, raw, new))
        return updated.with_changes(value=_quoted(original, new))

    def leave_FormattedStringText(
        self, original_node: cst.FormattedStringText, updated_node: cst.FormattedStringText
    ) -> cst.FormattedStringText:
        text = original_node.value
        new = sub_tokens(text, self.renames)
        if new == text:
            return updated_node
        self.edits.append(Edit(self.path, self._line(original_node), "f-string", text, new))
        return updated_node.with_changes(value=new)

    def _prose(self, raw: str, first_line: int, kind: str) -> str:
        """Rewrite exact tokens in prose, one ``Edit`` per changed line."""
        lines = raw.split("\n")
        out = []
        for number, line in enumerate(lines):
            new = sub_tokens(line, self.renames)
            if new != line:
                self.edits.append(Edit(self.path, first_line + number, kind, line.strip(), new.strip()))
            out.append(new)
        return "\n".join(out)

    def leave_Comment(self, original_node: cst.Comment, updated_node: cst.Comment) -> cst.Comment:
        text = original_node.value
        match = _TYPE_COMMENT.match(text)
        if match is None:
            if not self.prose:
                return updated_node
            new = sub_tokens(text, self.renames)
            if new != text:
                self.edits.append(Edit(self.path, self._line(original_node), "comment", text, new))
                return updated_node.with_changes(value=new)
            return updated_node
        if not self.renames.prefilter(text):
            return updated_node
        new = text[: match.end()] + sub_code(text[match.end() :], self.renames)
        if new == text:
            return updated_node
        self.edits.append(Edit(self.path, self._line(original_node), "type-comment", text, new))
        return updated_node.with_changes(value=new)


def _strings(value: cst.BaseExpression) -> list[cst.SimpleString]:
    if isinstance(value, cst.SimpleString):
        return [value]
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        return [e.value for e in value.elements if isinstance(e.value, cst.SimpleString)]
    return []


def _quoted(node: cst.SimpleString, raw: str) -> str:
    return f"{node.prefix}{node.quote}{raw}{node.quote}"


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
            source = _from_source(node, package)
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


def _from_source(node: cst.ImportFrom, package: str | None) -> str | None:
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


def resolve_relative(relative: str, package: str | None, renames: Renames) -> str | None:
    """Rewrite a relative ``import_module`` name (``".mod"``) against ``package``.

    Returns:
        The new relative name; ``None`` when it names no renamed module; ``""`` when it might,
        but the package is unknown or the module leaves it (the caller warns).
    """
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


def _needs_parse(source: str, renames: Renames, module: str | None, is_package: bool, prose: bool = True) -> bool:
    """Prefilter: can ``source`` hold any reference this codemod rewrites?

    First a whole-word text scan; then, since an import statement alone is Rope's business, the
    tokenizer (about 50x cheaper than a libcst parse with metadata) checks that a name really
    occurs in a string or a type comment.
    """
    relative = renames.tail_words(source) and (
        (is_package and module is not None and any(old.rpartition(".")[0] == module for old in renames.mapping))
        or any(word in source for word in ("import_module", "patch.object", "setattr", "delattr"))
    )
    escaped = has_escaped(source) and sub_escaped(source, renames) != source
    children = (
        {old.rpartition(".")[2] for old in renames.mapping if old.rpartition(".")[0] == module}
        if relative and is_package
        else set()
    )
    if not relative and not escaped and not renames.prefilter(source):
        return False
    if escaped:
        return True
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in _STRING_TOKENS or (
                token.type == tokenize.COMMENT and (prose or _TYPE_COMMENT.match(token.string))
            ):
                if renames.prefilter(token.string) or (relative and renames.tail_words(token.string)):
                    return True
            elif token.type == tokenize.NAME and token.string in children:  # codemods/implicit_submodules.py
                return True
    except (tokenize.TokenError, SyntaxError):
        return True  # let libcst parse it and report the syntax error
    return False


#: Tokens that hold string text: f-strings are split into parts from Python 3.12 on.
_STRING_TOKENS = frozenset({tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)})


def rewrite_string_refs(
    source: str, renames: Mapping[str, str], *, path: str, module: str | None, prose: bool = True
) -> CodemodResult:
    """Rewrite string references to the renamed modules in one Python file.

    Args:
        source: the file's text.
        renames: old dotted module -> new dotted module, the whole batch.
        path: repo-relative path, used in edits and warnings.
        module: dotted name of the file (``pkg`` for ``pkg/__init__.py``), ``None`` outside source roots.
        prose: also rewrite docstrings' prose and comments (``--no-prose``: list them as follow-ups).

    Returns:
        The new code with its edits and warnings. Never raises for bad input: a file that does
        not parse comes back unchanged with ``skipped="syntax error at line N: ..."``.
    """
    matcher = Renames.of(renames)
    is_package = path.rpartition("/")[2] in ("__init__.py", "__init__.pyi")
    if not _needs_parse(source, matcher, module, is_package, prose):
        return unchanged(source)
    transformer = RewriteStringRefs(matcher, path=path, module=module, is_package=is_package, prose=prose)
    try:
        tree = parse_cst(source, path)
        with deep_walk():
            new = MetadataWrapper(tree, unsafe_skip_copy=True).visit(transformer).code
    except Unparsable as error:
        what = f"syntax error at line {error.line}: {error.message}" if error.line else error.message
        return unchanged(source, skipped=what)
    edits = tuple(sorted(transformer.edits, key=lambda e: e.line))
    return CodemodResult(new, new != source, edits, tuple(transformer.warnings))
