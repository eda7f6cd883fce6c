"""The transformer that rewrites one module's string references to renamed modules, each by what it is where it
stands (codemods/string_contexts.py marks it): what is rewritten, and when, is said by codemods/rewrite_string_refs.py,
whose ``rewrite_string_refs`` runs it."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import libcst as cst

from codemods.base import Edit, Renames
from codemods.code_strings import looks_like_code, sub_code, sub_code_string
from codemods.docstrings import rewrite_docstring, role_follow_ups
from codemods.module_key_dels import popped_old_keys
from codemods.module_keys import sub_run_modules
from codemods.module_scope import quoted
from codemods.namespace_strings import NamespaceStrings
from codemods.string_contexts import StringContexts
from codemods.string_prefilter import TYPE_COMMENT, imports_renamed
from codemods.string_tokens import (
    has_escaped,
    partial_follow_ups,
    shared_names,
    shared_reason,
    sub_dotted,
    sub_escaped,
    sub_escaped_paths,
    sub_groups,
    sub_paths,
    sub_rooted_path,
    sub_stem_path,
    sub_tokens,
    whole_path,
)
from planner.bytes_text import plain_text
from planner.computed_paths import Literal
from planner.django_model_refs import has_model_words, migration_file, model_label_strings
from planner.endpoint_names import endpoint_strings
from planner.entry_point_lookups import entry_name_positions
from planner.entry_point_names import sub_values
from planner.joined_file_names import Joins, file_joins
from planner.module_attributes import key_prefix
from planner.module_calls import attribute_submodule
from planner.path_tokens import ELIDED
from planner.py_modules import string_positions
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.record_paths import row_attributes_at
from planner.reference_kinds import ENTRY_POINT_SPEC
from planner.signing_salts import salt_strings
from planner.sql_strings import sql_names
from planner.template_tags import TagUse
from planner.template_uses import template_uses_at

__all__ = ["RewriteStringRefs"]

#: an f-string's literal part: a doubled brace is one literal brace there
DOUBLED = TagUse(doubled=True)


class RewriteStringRefs(StringContexts):
    """libcst transformer: rewrites string references of ``renames`` in one module, each by what the base class
    (codemods/string_contexts.py) marked it.

    After ``module.visit(...)``, ``edits`` and ``warnings`` describe what was (not) done.
    """

    def __init__(
        self,
        renames: Renames,
        *,
        path: str,
        module: str | None,
        is_package: bool,
        prose: bool = True,
        paths: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
        shared: Collection[str] = (),
        tables: Mapping[tuple[int, int], str] | None = None,
        stem_paths: Mapping[str, str] | None = None,
        joined_paths: Mapping[str, str] | None = None,
        beside: Mapping[str, str | None] | None = None,
        computed: Mapping[Literal, str] | None = None,
    ) -> None:
        super().__init__(renames, path=path, module=module, is_package=is_package, tables=tables, computed=computed)
        #: ``paths`` from the root or a source root only, for a path without ``.py`` (``"pexpect/expect"``):
        #: one relative to a directory above the file (``"sub/cli"``) is too short to tell from other text
        self.stem_paths = dict(stem_paths or {})
        self.prose = prose
        self.paths = dict(paths or {})  #: old repo-relative file path -> new, the batch's renamed files
        self.names = dict(names or {})  #: their bare file names no other file has: old -> new
        self.shared = tuple(shared)  #: their bare file names other files have too: listed
        self.beside = dict(beside or {})  #: those of them one of whose files is beside this one -> its new name
        self._listed: set[str] = set()  #: the bare-name follow-ups in self.warnings (a set: a file may hold many)
        self._source: str | None = None  # the module's code, until the first question about a joined file name
        self._joined = Joins()  # ``d / "main.py"``, ``tmp_path / "main.py"``: planner/joined_file_names.py
        self._namespace = NamespaceStrings("", {})  # source run in the file's namespace, by its start
        self._tag_uses: dict[tuple[int, int], TagUse] = {}  # strings whose tags read by their use, by their start
        self._row_attributes: dict[tuple[int, int], str] = {}  # ``getattr(import_module(p), a)``'s rows: a -> p
        self._joined_paths = dict(joined_paths or {})  # the renamed files (-> new), which a join's parts may spell
        self._setup = path.rpartition("/")[2] == "setup.py"  # its ``entry_points=`` strings: name = module
        self._entry_names: set[tuple[int, int]] = set()  # ``entry_points(name="pkg.plug")``: a name, kept
        self._raw_texts: set[int] = set()  # the literal parts of raw f-strings: their backslashes read once
        self._salts: frozenset[tuple[int, int]] = frozenset()  # ``salt="pkg.tokens"``: signed data, left
        self._models: frozenset[tuple[int, int]] = frozenset()  # ``ForeignKey("shop.order")``: a model, left

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        super().visit_FormattedString(node)
        if "r" in node.prefix.lower():  # ``rf"\bpkg\.mod"``: planner/escape_bounds.py reads its source as written
            self._raw_texts.update(id(part) for part in node.parts if isinstance(part, cst.FormattedStringText))

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        self._source = self._text if ".py" in self._text else None
        self._namespace = NamespaceStrings(self._text, self.renames.mapping)
        self._entry_names = entry_name_positions(self._text) if "entry" in self._text else set()
        self._tag_uses = template_uses_at(self._text)  # planner/template_uses.py, as the plan reads it
        self._row_attributes = row_attributes_at(self._text)  # planner/record_paths.py, as the plan reads it
        self._salts = _kept_positions(self._text)  # a salt, an endpoint: no module path, left as the plan lists it
        self._models = (
            _model_positions(self._text, self.path) if has_model_words(self.path, self._text) else frozenset()
        )

    # -- file names ----------------------------------------------------------------------------
    def _joined_names(self) -> Joins:
        """The bare file names this file joins onto a directory that is no module's own (``d / "main.py"``), and
        those it joins below temporary directories only (``tmp_path / "main.py"``, a file the test writes)."""
        source, self._source = self._source, None
        if source is not None:
            try:
                with deep_walk():
                    self._joined = file_joins(parse_python(source), self._joined_paths)
            except Unparsable:
                pass  # libcst's parse reports it
        return self._joined

    def _files(self, text: str, line: int) -> str:
        """``text`` with the batch's renamed files named by their paths and by their bare names rewritten;
        a bare name several files of the checkout have is listed for a person instead, and so is one this file
        joins onto another directory (planner/joined_file_names.py)."""
        for offset, name in shared_names(text, self.shared):
            here = self._joined_names()  # ``files("pkg") / "tmpl.py"``: that package's file (placed)
            if name in here.written or name in here.placed:  # ``tmp_path / "models.py"``: the test's file
                continue
            if name in self.beside and name not in self._joined_names().elsewhere:
                continue  # the file beside this one: rewritten below when it is renamed
            warning = (
                f"{self.path}:{line + text.count(chr(10), 0, offset)}: manual follow-up: "
                f"{shared_reason(name)}: {name.removeprefix(ELIDED)!r}"
            )
            if warning not in self._listed:  # a doctest's line is read again as the docstring's prose
                self._listed.add(warning)
                self.warnings.append(warning)
        joins = self._joined_names() if self.names or self.beside or self.shared else Joins()
        names = {old: new for old, new in self.beside.items() if new is not None and old not in joins.elsewhere}
        names |= {old: self._joined_paths[at].rpartition("/")[2] for old, at in joins.placed.items()}
        names = {old: new for old, new in (self.names | names).items() if old not in joins.written}
        joined = joins.listed & names.keys()
        if joined:
            left = {old: names[old] for old in joined}
            names = {old: new for old, new in names.items() if old not in joined}
            for name in sub_paths(text, left)[1]:
                warning = (
                    f"{self.path}:{line}: manual follow-up: a bare file name this file joins onto or looks for in "
                    f"a directory that is not its module's: {name!r}"
                )
                if warning not in self._listed:
                    self._listed.add(warning)
                    self.warnings.append(warning)
        return sub_paths(sub_paths(text, self.paths)[0], names)[0]

    # -- rewriting -----------------------------------------------------------------------------
    def _key(self, string: cst.SimpleString) -> str | None:
        """The kind of ``string`` when it is a module's name as a whole by where it stands (codemods/module_keys.py):
        ``sys.modules.get("tool")``, ``[sys.executable, "-m", "tool"]``."""
        return None if id(string) in self._concatenated else self._keys.kind(self._start(string))

    def _runs(self, original: cst.CSTNode, text: str) -> str:
        """``text`` with the renamed top-level modules ``python -m`` runs there renamed (codemods/module_keys.py)."""
        if "-m" not in text:
            return text
        after = id(original) in self._after_python or (  # ``sys.executable + " -m tool"``
            isinstance(original, cst.SimpleString)
            and id(original) not in self._concatenated
            and self._keys.led(self._start(original))
        )
        new = sub_run_modules(text, self.renames.mapping, after_interpreter=after)
        if new != text:
            self.edits.append(Edit(self.path, self._line(original), "python -m", text, new))
        return new

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        left, renames = self._namespace.left(self._start(original_node)), self.renames  # ``eval("tool.VALUE")``
        self.renames = renames.without(left) if left else renames  # planner/namespace_sources.py
        # ``"loaded:\\npkg.mod"``: an escape before a path read as the value reads it (planner/escape_bounds.py)
        self.renames = self.renames.spelled(doubled="r" not in original_node.prefix.lower())
        use = self._tag_uses.get(self._start(original_node)) if self._tag_uses else None
        if use is not None:  # ``"{{'a': pkg.mod.V}}".format()``, ``render(s, {"pkg": pkg})``: template_uses.py
            self.renames = self.renames.reading(use)
            self._listed_tags(original_node, use)
        updated = self._leave_string(original_node, updated_node)
        self.renames = renames
        if "b" in original_node.prefix.lower() or "\\" in updated.raw_value:
            return updated
        new = self._runs(original_node, updated.raw_value)
        return updated if new == updated.raw_value else updated.with_changes(value=quoted(original_node, new))

    def _listed_tags(self, original: cst.SimpleString, use: TagUse) -> None:
        """A follow-up for each renamed module's path in a tag of ``original`` that its context may hold as the module
        or as a dict of its name (``import pkg``, the renderer unseen), as the plan lists it (``template-name``)."""
        raw = original.raw_value
        opened = self.renames.reading(TagUse(use.doubled, use.modules | use.unknown))
        for hit in opened.find(raw) if use.unknown else ():
            if use.listed(raw, hit.start()):
                line = self._line(original) + raw.count("\n", 0, hit.start())
                self.warnings.append(
                    f"{self.path}:{line}: manual follow-up: a template's tag naming {hit.group()!r}, whose context may "
                    "hold the module or a dict of its name: left as it is"
                )

    def _leave_string(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        raw = original_node.raw_value
        if "b" in original_node.prefix.lower():  # bytes: text only, read as its str spelling (pickled data is left)
            value = original_node.evaluated_value
            if not isinstance(value, bytes) or plain_text(value) is None:  # planner/bytes_text.py, as the plan
                return updated_node
        key = id(original_node)
        if self._entry_names and self._start(original_node) in self._entry_names:
            return updated_node  # an entry point's name, as its declarations keep it (planner/entry_point_names.py)
        package = self._row_attributes.get(self._start(original_node)) if self._row_attributes else None
        if package is not None:  # ``("pkg.sub", "mod")`` read as ``getattr(import_module(p), a)``: the submodule
            return self._row_attribute(original_node, updated_node, package)
        if key in self._computed:  # ``PREFIX = "pkg.m1."`` read as ``PREFIX + "V"``: no data (computed_paths.py)
            return self._replace(original_node, updated_node, raw, self._computed[key], "computed-path")
        if key in self._spread:  # a part of ``"pkg." "mod"`` read whole (codemods/string_contexts.py)
            return updated_node.with_changes(value=quoted(original_node, self._spread[key]))
        if (
            key in self._kept
            or (key not in self._built and key_prefix(raw))
            or self._start(original_node) in self._salts
            or self._start(original_node) in self._models
        ):
            return updated_node  # ``salt="pkg.session."``: a prefix of keys below the module, data
        if key in self._replacements:
            new, kind = self._replacements[key]
            return self._replace(original_node, updated_node, raw, new, kind)
        if key in self._docstrings:
            first = self._line(original_node)
            new_raw, edits, warnings = rewrite_docstring(
                raw, self.renames, path=self.path, first_line=first, files=self._files
            )
            self.edits.extend(edits)
            if self.prose:  # what is left is prose: rewritten on an exact token like the rest
                new_raw = self._prose(new_raw, first, "docstring")
            else:
                self.warnings.extend(warnings)
            self.warnings += role_follow_ups(raw, self.renames, path=self.path, first_line=first)  # ``:func:`tool```
            return updated_node.with_changes(value=quoted(original_node, new_raw)) if new_raw != raw else updated_node
        moved, done = sub_rooted_path(raw, self.paths)  # ``"/pkg/mod.py"``: the end of its absolute name
        if not done:
            moved, done = sub_paths(raw, self.paths)
        if not done:  # ``"pkg/mod"``: the file's path without ``.py``, matched inside a file name
            moved, done = sub_stem_path(raw, self.stem_paths)
        if done:  # ``exec(open("pkg/_version.py").read())``: the renamed file by its path
            self.edits.append(Edit(self.path, self._line(original_node), "file-path", raw, moved))
            updated_node = updated_node.with_changes(value=quoted(original_node, moved))
            raw = moved
        named = self._files(raw, self._line(original_node)) if ".py" in raw else raw
        if named != raw:  # ``File "core.py", line``: the renamed file by its bare name, no other file has it
            updated_node = self._replace(original_node, updated_node, raw, named, "file-name")
            raw = named
        escaped_named = sub_escaped_paths(sub_escaped_paths(raw, self.paths), self.names) if has_escaped(raw) else raw
        if escaped_named != raw:  # ``r"pkg[/\\]errors\.py"``: the file's name in a regex, as the plan reads it
            updated_node = self._replace(original_node, updated_node, raw, escaped_named, "file-name")
            raw = escaped_named
        if has_escaped(raw):  # a regex: ``pkg\.mod\.Klass`` (one or two backslashes as written)
            escaped, partial = sub_groups(sub_escaped(raw, self.renames), self.renames)  # ``pkg\.(a|b)``
            self.warnings += partial_follow_ups(self.path, self._line(original_node), raw, partial, self.renames)
            if escaped != raw:
                self.edits.append(Edit(self.path, self._line(original_node), "regex", raw, escaped))
                updated_node = updated_node.with_changes(value=quoted(original_node, escaped))
                raw = escaped
        if not self.renames.prefilter(raw) and not imports_renamed(raw, self.renames):
            return updated_node
        if self._annotation_depth:
            new_raw = self.renames.sub(raw)
            return self._replace(original_node, updated_node, raw, new_raw, "annotation")
        if self._setup and ENTRY_POINT_SPEC.search(raw):  # ``"pkg.plug = pkg.plug"``: a name, then the module
            new_raw = sub_values(raw, lambda part: sub_dotted(part, self.renames))
            return self._replace(original_node, updated_node, raw, new_raw, "entry-point")
        dotted = any("." in m.group(0) or raw[m.end() : m.end() + 1] in (".", ":") for m in self.renames.find(raw))
        if key in self._dict_keys:
            return self._replace(original_node, updated_node, raw, sub_dotted(raw, self.renames), "dict-key")
        context = self._contexts.get(key)
        if context != "py_modules":  # a module's name where it stands; ``py_modules`` read its list's strings first
            context = self._key(original_node) or context
        target = whole_path(raw, self.renames, call=context is not None)
        if target is not None and (context is not None or "." in raw):
            return self._replace(original_node, updated_node, raw, target, context or "string")
        if target is None and looks_like_code(raw):
            new_raw = sub_code_string(raw, self.renames)
            if new_raw != raw:  # journaled as a "code-string" edit like every other
                return self._replace(original_node, updated_node, raw, new_raw, "code-string")
        if dotted and target is None:  # a path inside a longer string: a message, a concatenation's part
            value = original_node.evaluated_value
            columns = sql_names(value) if isinstance(value, str) else frozenset()  # ``SELECT orders.status``
            new_raw = sub_dotted(raw, self.renames, columns)
            return self._replace(original_node, updated_node, raw, new_raw, "string-part")
        return updated_node

    def _row_attribute(self, original: cst.SimpleString, updated: cst.SimpleString, package: str) -> cst.SimpleString:
        """A row's attribute string given the submodule's new name where it stays its package's attribute."""
        raw = original.raw_value
        space = self.renames.space
        old = attribute_submodule([package], raw, self.renames.mapping, space.shadowed if space is not None else ())
        new = self.renames.mapping[old] if old is not None else ""
        if old is None or new.rpartition(".")[0] != package:
            return updated
        return self._replace(original, updated, raw, new.rpartition(".")[2], "getattr")

    def _replace(
        self, original: cst.SimpleString, updated: cst.SimpleString, raw: str, new: str, kind: str
    ) -> cst.SimpleString:
        if new == raw:
            return updated
        first = next((i for i, (a, b) in enumerate(zip(raw, new)) if a != b), min(len(raw), len(new)))
        line = self._line(original) + raw.count("\n", 0, first)  # a multi-line string: the line that changed
        self.edits.append(Edit(self.path, line, kind, raw, new))
        return updated.with_changes(value=quoted(original, new))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        if not any(isinstance(s, cst.Del) for s in original_node.body):
            return updated_node
        line, popped = popped_old_keys(original_node, updated_node, self.renames.mapping)  # codemods/module_key_dels.py
        self.edits.extend(
            Edit(self.path, self._line(original_node), "sys.modules", old, f"sys.modules.pop({old!r}, None)")
            for old in popped
        )
        return line

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        new = self._chains.get(id(original_node))  # ``__import__("pkg.m1").m1``: codemods/import_chains.py
        if new is None:
            return updated_node
        self.edits.append(
            Edit(self.path, self._line(original_node.attr), "import-attribute", original_node.attr.value, new)
        )
        return updated_node.with_changes(attr=cst.Name(new))

    def leave_FormattedStringText(
        self, original_node: cst.FormattedStringText, updated_node: cst.FormattedStringText
    ) -> cst.FormattedStringText:
        text = original_node.value
        if id(original_node) in self._kept:  # an alias key below a renamed module keeps the old path
            return updated_node
        if id(original_node) in self._computed:  # ``f"{PKG}.m2"``: planner/computed_paths.py
            new = self._computed[id(original_node)]
            self.edits.append(Edit(self.path, self._line(original_node), "computed-path", text, new))
            return updated_node.with_changes(value=new)
        ran = self._runs(original_node, text)  # ``f"{sys.executable} -m tool"``
        renames = self.renames.spelled(doubled=id(original_node) not in self._raw_texts)  # ``f"{x}\\npkg.mod"``
        renames = renames.reading(DOUBLED)  # ``f"{{pkg.mod}}"`` is the text ``{pkg.mod}``, as the plan reads it
        new = self._files(sub_tokens(ran, renames), self._line(original_node))
        if new == text:
            return updated_node
        if new != ran:
            self.edits.append(Edit(self.path, self._line(original_node), "f-string", ran, new))
        return updated_node.with_changes(value=new)

    def _prose(self, raw: str, first_line: int, kind: str) -> str:
        """Rewrite exact tokens in prose, one ``Edit`` per changed line."""
        lines = raw.split("\n")
        out = []
        for number, line in enumerate(lines):
            new = self._files(sub_tokens(line, self.renames), first_line + number)
            if new != line:
                self.edits.append(Edit(self.path, first_line + number, kind, line.strip(), new.strip()))
            out.append(new)
        return "\n".join(out)

    def leave_Comment(self, original_node: cst.Comment, updated_node: cst.Comment) -> cst.Comment:
        text = original_node.value
        match = TYPE_COMMENT.match(text)
        if match is None:
            if not self.prose:
                return updated_node
            new = self._files(sub_tokens(text, self.renames), self._line(original_node))
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


def _kept_positions(code: str) -> frozenset[tuple[int, int]]:
    """Where each string that stands as a salt (planner/signing_salts.py: ``signing-salt``) or names a URL's endpoint
    (planner/endpoint_names.py: ``endpoint-name``) starts: no module path, left as the plan lists it."""
    salt, endpoint = "salt" in code.lower(), "url_" in code
    if not salt and not endpoint:
        return frozenset()
    try:
        with deep_walk():
            tree = parse_python(code)
            strings = [*(salt_strings(tree) if salt else ()), *(endpoint_strings(tree) if endpoint else ())]
            return frozenset(string_positions(code, strings))
    except Unparsable:
        return frozenset()  # libcst's parse reports it


def _model_positions(code: str, path: str) -> frozenset[tuple[int, int]]:
    """Where each Django model label starts (planner/django_model_refs.py): ``to="shop.order"``, no module path,
    left as the plan leaves it unlisted."""
    try:
        with deep_walk():
            tree = parse_python(code)
            return frozenset(string_positions(code, model_label_strings(tree, migration=migration_file(path, code))))
    except Unparsable:
        return frozenset()  # libcst's parse reports it
