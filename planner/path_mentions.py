"""The module paths a Python file's strings and comments name as text, found at plan time (issue 13).

A dotted path into a module of the checkout inside a string, a docstring, a regex (``pkg\\.mod``), Python
source given to ``exec``, a comment or pickled bytes; a module's file by its path (``open("pkg/_version.py")``)
or by its bare name (``File "core.py", line``). Each is a :class:`~planner.references.Reference` of the kind
planner/dynamic_imports.py's docstring lists; the subclass in planner/file_finder.py adds the computed imports and ``sys.modules``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from planner.bytes_text import constant_text
from planner.discover import ModuleFile
from planner.doctest_text import doctest_lines
from planner.endpoint_names import endpoint_value
from planner.entry_point_names import entry_point_names, in_names
from planner.escape_bounds import GLUED, tokens
from planner.file_references import PATH_TOKEN
from planner.graph import RepoScan
from planner.module_attributes import Attributes
from planner.path_tokens import path_in
from planner.pickled_references import pickle_pattern, pickled_modules
from planner.python_source import dotted_name
from planner.reference_kinds import BARE_FILE_NAME, ENTRY_POINT_SPEC, STRING_KINDS, top_level_entry_points
from planner.references import Reference, colon_chain, longest_module
from planner.regex_groups import group_alternatives, partial_segments, stem_modules
from planner.sql_strings import sql_names
from planner.string_shapes import stem_path
from planner.template_placeholders import placeholder_paths
from planner.template_tags import TagUse
from planner.template_uses import TEMPLATE_NAME
from planner.token_bounds import in_file_path

__all__ = ["PathMentions"]


#: A line from its first ``#`` on: every comment of the line lies in it. Only a file where one of these names a
#: module's path or holds ``.py`` is tokenized for its comments (Python's tokenizer took 1.5 times ``ast.parse``'s
#: CPU on sympy 1.14.0's files, most of which name modules in their code but not in their comments).
_AFTER_HASH = re.compile(r"#[^\n]*")

#: A line and its end, split as ``ast.get_source_segment`` splits: at ``\r\n``, ``\r`` and ``\n`` only.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def source_lines(source: str) -> list[str]:
    """``source``'s lines with their ends, as ``ast.get_source_segment`` splits them. That function splits the
    whole source, a character at a time, on each call: asked for each multi-line literal's mentions it was 42%
    of a plan's CPU on sympy 1.14.0 (47 of 111 s), so a file's lines are split once here."""
    return _LINE.findall(source)


def source_segment(lines: list[str], node: ast.expr) -> str:
    """``ast.get_source_segment(source, node) or ""`` over ``source_lines(source)``: the columns are UTF-8 offsets."""
    if node.end_lineno is None or node.end_col_offset is None:
        return ""
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:
        return lines[first].encode()[node.col_offset : node.end_col_offset].decode()
    head = lines[first].encode()[node.col_offset :].decode()
    tail = lines[last].encode()[: node.end_col_offset].decode()
    return "".join([head, *lines[first + 1 : last], tail])


class PathMentions:
    """The references one file's strings, comments and pickled bytes make by naming a module as text."""

    def __init__(
        self,
        file: ModuleFile,
        raw: bytes,
        scan: RepoScan,
        by_path: Mapping[str, str],
        by_name: Mapping[str, list[str]],
        space: Attributes,
    ) -> None:
        self.file, self.space = file, space
        self.by_path = by_path  #: a module's repo-relative file path -> its name
        self.by_name = by_name  #: a bare file name -> the names of every module and script whose file has it
        self.lines: list[str] | None = None  #: ``raw``'s lines, split once, when a multi-line literal needs them
        self.raw, self.scan, self.modules, self.package = raw, scan, scan.modules, file.package
        self.references: list[Reference] = []
        names = "|".join(re.escape(t) for t in sorted(scan.top_level, key=len, reverse=True))
        self.dotted = re.compile(rf"(?<![\w.])((?:{names})(?:\.[A-Za-z_]\w*)+)")
        #: the same after an escape's letter, ``"loaded:\\npkg.mod"`` (planner/escape_bounds.py, :meth:`found`)
        self.glued = re.compile(rf"{GLUED}((?:{names})(?:\.[A-Za-z_]\w*)+)")
        self.pickled = pickle_pattern(scan.top_level)
        self.fstring_parts: set[int] = set()  #: the literal parts of f-strings (a path there is built from parts)
        #: bare file names a path join puts below a directory that is no module's own (planner/joined_file_names.py)
        self.joined: Collection[str] = ()
        #: bare file names joined below temporary directories only: the files a test writes, no module's
        self.written: Collection[str] = ()
        #: bare file names joined below another module's directory: not the file beside this one
        self.elsewhere: Collection[str] = ()
        #: bare file names joined below a package's directory ``files("pkg")`` spells -> that file's path
        self.placed: Mapping[str, str] = {}
        #: each module's and script's repo-relative path -> its name: a shared name's file beside this one
        self.named: Mapping[str, str] = {}
        #: the modules' paths that another file of the checkout ends with too: ``.../pkg/mod.py`` may mean either
        self.shared_tails: Collection[str] = ()
        #: source run in the file's namespace -> the top-level modules it reads by a kept name (namespace_sources.py)
        self.namespace: Mapping[int, frozenset[str]] = {}
        #: strings whose template tags read otherwise by what the string is given to (planner/template_uses.py)
        self.tag_uses: Mapping[int, TagUse] = {}

    # -- helpers -------------------------------------------------------------------------------
    def found(self, text: str) -> Iterator[re.Match[str]]:
        """The dotted paths into the checkout standing as tokens in ``text`` (a value, a comment): a letter or digit
        right before one is an escape's end (planner/escape_bounds.py, apply's rule), else a longer token."""
        return tokens(text, self.dotted, self.glued, group=1)

    def add(self, line: int, kind: str, text: str, module: str) -> None:
        self.references.append(Reference(self.file.path, line, kind, text, module))

    def mentions(
        self, text: str, line: int, kind: str, node: ast.Constant | None = None, names: Sequence[tuple[int, int]] = ()
    ) -> None:
        """A reference for each dotted path into a module of the checkout that ``text`` holds (the value
        of ``node``, a string literal, or a comment on ``line``), but in an entry point's ``names``."""
        use = self.tag_uses.get(id(node)) if node is not None else None
        if "$" in text:  # ``"from $pkg.mod import x"``: a Template's placeholder, then a tail (for a person)
            for start, end, named in placeholder_paths(text, self.modules, exact=kind not in STRING_KINDS):
                self.add(self.line_of(text, start, end, line, node), "placeholder", text[start:end], named)
        columns = sql_names(text) if kind == "string-part" else frozenset()  # planner/sql_strings.py
        endpoints = "url_" in text  # read once a text: a call naming an endpoint (planner/endpoint_names.py)
        for match in self.found(text):
            if names and in_names(names, match.start(1)):
                continue
            if columns and match.group(1) in columns:  # ``SELECT orders.status FROM orders``: a column
                continue
            module = longest_module(match.group(1), self.modules)  # ``tool.VERSION``: a top-level module, no package
            if module and text[match.end(1) : match.end(1) + 1] == ":":  # ``"x = pkg.plugins:alpha"``
                module = colon_chain(text, match.start(1), module, self.modules, self.space.shadowed)
            module = module if module and ("." in module or not self.modules[module].is_package) else None
            start = match.start(1)
            if module and use is not None and use.listed(text, start):  # ``{{ pkg.mod }}``, ``import pkg``: unseen
                self.add(
                    self.line_of(text, match.start(), match.end(), line, node), TEMPLATE_NAME, match.group(1), module
                )
                continue
            if module and endpoints and endpoint_value(text, start):  # ``"{{ url_for('auth.login') }}"``
                self.add(
                    self.line_of(text, match.start(), match.end(), line, node), "endpoint-name", match.group(1), module
                )
                continue  # a blueprint's and a view's name (planner/endpoint_names.py)
            if (
                module
                and (node is None or module not in self.namespace.get(id(node), ()))  # ``eval("tool.VALUE")``
                and not in_file_path(text, start)
                and self.space.takes(text, start, module, use)
                and not self.space.names_object(text, start, module)  # ``pkg.slug("x")``: the package's object
            ):
                self.add(self.line_of(text, match.start(), match.end(), line, node), kind, match.group(1), module)
        stem = stem_path(text) if node is not None and kind in STRING_KINDS else None
        if stem is not None and id(node) not in self.fstring_parts:  # ``"pkg/mod"``: a file name's part
            module = self.by_path.get(stem)  # from the root or a source root only (codemods' stem_paths)
            if module is not None:
                self.add(self.line_of(text, 0, len(text), line, node), "file-path", text, module)
        if ".py" not in text:
            return
        # prose stays prose (--no-prose); a doctest's code and expected output are rewritten like a string
        examples = doctest_lines(text) if kind == "docstring" and ">>>" in text else set()

        def code(start: int) -> bool:
            return kind in STRING_KINDS or text.count("\n", 0, start) in examples

        for match in PATH_TOKEN.finditer(text):  # ``open("pkg/_version.py")``: the module's file by its path
            found = path_in(text, match.start(), match.group(0))  # ``.../pkg/mod.py``: a path's tail
            if found is None:  # ``*pkg/mod.py``: a glob within a name
                continue
            path, elided = found
            if not elided and path.startswith("/") and match.start() == 0 and code(0) and node is not None:
                # a whole string ``"/pkg/mod.py"``, the end of the file's absolute name (blockbuster's
                # ``can_block_in``); not an f-string's part after a value, ``f"{root}/pkg/mod.py"``
                path = path[1:] if id(node) not in self.fstring_parts else path
            module = self.by_path.get(path) if elided else self.file_module(path)
            if module is not None:
                shown = "file-path" if code(match.start()) else kind
                shown = "shared-file-name" if elided and path in self.shared_tails else shown
                self.add(self.line_of(text, match.start(), match.end(), line, node), shown, match.group(0), module)
        for match in BARE_FILE_NAME.finditer(text):  # ``File "core.py"``: the file by its bare name
            owners = self.by_name.get(match.group(1), []) if match.group(1) not in self.by_path else []
            owners = [] if match.group(1) in self.written else owners
            if match.group(1) in self.placed and self.placed[match.group(1)] in self.named:  # ``files("pkg")``
                owners = [self.named[self.placed[match.group(1)]]]
            elif len(owners) > 1 and match.group(1) not in self.elsewhere:  # ``_gen_files.py`` beside this file
                folder = self.file.path.rpartition("/")[0]
                beside = self.named.get(f"{folder}/{match.group(1)}" if folder else match.group(1))
                owners = [beside] if beside is not None else owners
            for module in owners:
                shown = ("file-name" if code(match.start()) else kind) if len(owners) == 1 else "shared-file-name"
                shown = "joined-file-name" if match.group(1) in self.joined else shown
                self.add(self.line_of(text, match.start(), match.end(), line, node), shown, match.group(0), module)

    def line_of(self, text: str, start: int, end: int, line: int, node: ast.Constant | None) -> int:
        """The line of ``text[start:end]``. A string's value loses its source's line continuations (glom's
        expected tracebacks open with a backslash-newline) and gains a line per newline escape, so a token of
        a multi-line literal is looked up in the literal's source, by its rank among the same token's."""
        if node is None:
            return line + text.count("\n", 0, start)
        if node.end_lineno is None or node.end_lineno == node.lineno:
            return node.lineno
        if self.lines is None:
            self.lines = source_lines(self.raw.decode("utf-8", "replace"))
        segment = source_segment(self.lines, node)
        token, position = text[start:end], -1
        for _ in range(text.count(text[start:end], 0, start) + 1):
            position = segment.find(token, position + 1)
            if position < 0:  # spelled otherwise in the source (an escape): the value's count
                return line + text.count("\n", 0, start)
        return node.lineno + segment.count("\n", 0, position)

    def file_module(self, path: str) -> str | None:
        """The module whose file ``path`` names, from the root or from a directory above this file (a
        bare name only from the root: elsewhere the checkout's other files of that name decide)."""
        module = self.by_path.get(path)
        folder = self.file.path.rpartition("/")[0] if "/" in path else ""
        while module is None and folder:
            module = self.by_path.get(f"{folder}/{path}")
            folder = folder.rpartition("/")[0]
        return module

    def submodules(self, package: str, *, deep: bool = False) -> list[str]:
        prefix = package + "."
        return sorted(m for m in self.modules if m.startswith(prefix) and (deep or "." not in m[len(prefix) :]))

    # -- strings, comments and pickled bytes ---------------------------------------------------
    @staticmethod
    def _docstrings(nodes: Iterable[ast.AST]) -> set[int]:
        """The string constants among ``nodes`` (a file's, as ``ast.walk`` gives them) that are docstrings."""
        found: set[int] = set()
        for node in nodes:
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
                first = node.body[0]
                if (
                    isinstance(first, ast.Expr)
                    and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)
                ):
                    found.add(id(first.value))
        return found

    @staticmethod
    def _regex_arguments(nodes: Iterable[ast.AST]) -> set[int]:
        """Constants handed to ``re.*`` or a ``match=`` keyword (``pytest.raises``/``warns``) among ``nodes``."""
        found: set[int] = set()
        for node in nodes:
            if not isinstance(node, ast.Call):
                continue
            called = dotted_name(node.func)
            values = [k.value for k in node.keywords if k.arg in ("match", "pattern")]
            if called.startswith("re.") or called.rpartition(".")[2] in ("compile", "match", "search", "fullmatch"):
                values += node.args[:1]
            for value in values:
                for sub in ast.walk(value):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        found.add(id(sub))
        return found

    def _constant(self, node: ast.Constant, docstrings: set[int], regex_args: set[int]) -> None:
        text = constant_text(node) or ""  # a bytes literal only when it is text (planner/bytes_text.py)
        if id(node) in docstrings:
            self.mentions(text, node.lineno, "docstring", node)
            return
        escaped = "\\." in text
        if escaped and (
            id(node) in regex_args
            or next(self.found(text.replace("\\.", ".")), None) is not None
            or next(group_alternatives(text), None) is not None  # ``pkg\\.(legacy|other)``
        ):
            self.mentions(text.replace("\\.", "."), node.lineno, "regex", node)
            self._regex_groups(text, node)
            return
        if self.dotted.fullmatch(text.partition(":")[0]) is None:  # a whole dotted string is the scan's "string"
            setup = self.file.path.rpartition("/")[2] == "setup.py" and ENTRY_POINT_SPEC.search(text)
            names = entry_point_names(text) if setup else []  # ``"pkg.plug = pkg.plug"``: a name, then a module
            self.mentions(text, node.lineno, "entry-point" if setup else "string-part", node, names)
            if setup:  # ``"N8 = tool:Checker"``: a top-level module, no dot to find (pep8-naming)
                tops = {t: not self.modules[t].is_package for t in self.scan.top_level if t in self.modules}
                for start, end, module in top_level_entry_points(text, tops):
                    self.add(self.line_of(text, start, end, node.lineno, node), "entry-point", text[start:end], module)

    def _regex_groups(self, text: str, node: ast.Constant) -> None:
        """``pkg\\.(legacy|other)``: each alternative naming a module (``regex``); ``pkg\\.leg.*``: each module
        whose last segment the stem starts, for a person (``regex-part``) (planner/regex_groups.py)."""
        for start, end, path in group_alternatives(text):
            if path in self.modules:
                self.add(self.line_of(text, start, end, node.lineno, node), "regex", text[start:end], path)
        for start, end, prefix, stem in partial_segments(text):
            for module in stem_modules(prefix, stem, self.modules):
                self.add(self.line_of(text, start, end, node.lineno, node), "regex-part", text[start:end], module)

    def _pickled(self, data: str, line: int) -> None:
        """Module paths of the checkout that pickled bytes load classes from (exact: a length must match)."""
        for path in pickled_modules(data, self.pickled, self.modules):
            self.add(line, "pickled", path, path)

    def _comments(self) -> None:
        text = self.raw.decode("utf-8", "replace")
        if not any(".py" in tail or next(self.found(tail), None) for tail in _AFTER_HASH.findall(text)):
            return  # no comment can name a module or a file: tokenizing costs more than parsing (see _AFTER_HASH)
        try:
            for token in tokenize.generate_tokens(io.StringIO(text).readline):
                if token.type == tokenize.COMMENT and not token.string.lstrip("# ").startswith("type:"):
                    self.mentions(token.string, token.start[0], "comment")
        except (tokenize.TokenError, SyntaxError, IndentationError):
            return
