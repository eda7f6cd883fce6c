"""What one line of a non-Python file becomes in codemods/rewrite_config_refs.py's rewrite: its dotted module
references (a whole token rewritten, the rest listed for a person), ``[mypy-...]`` patterns, renamed files' paths,
globs and bare names, a ``python -c`` source's imports, a script's or page's string literals, doctests and Sphinx
roles; each change an ``Edit``, each mention not exact a "manual follow-up" warning with its line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping
from functools import partial

from codemods.base import Edit, Renames
from codemods.config_lines import holds_examples, reference_kind
from codemods.doc_examples import Examples
from codemods.docstrings import ROLE, sub_roles
from codemods.rst_escaped_lines import escaped_line
from codemods.script_lines import CONTINUATION as _CONTINUATION
from codemods.script_lines import script_line
from codemods.string_tokens import shared_names, shared_reason, sub_paths, sub_tokens
from planner.code_files import decoded, encoded, text_spans
from planner.config_values import ini_values
from planner.doc_directives import DIRECTIVE, bare_module_spans
from planner.doctest_text import is_prose_file
from planner.endpoint_names import endpoint_value
from planner.entry_point_names import declares_entry_points, entry_point_names, in_names
from planner.mypy_sections import mypy_patterns
from planner.page_scripts import PageParts
from planner.path_tokens import ELIDED, is_elided
from planner.python_commands import Sources, mentions_python, python_m_starts
from planner.rst_escapes import escapes_underscores
from planner.signing_salts import salt_value
from planner.source_imports import SourceImports, rewrite_c_imports
from planner.template_tags import in_template, template_tags
from planner.token_bounds import c_string, names_a_file, path_part, whole_token
from planner.tool_files import (
    after_module_key,
    after_module_variable,
    comment_line,
    fixture_text,
    json_bounds,
    model_label,
    space_before,
)
from planner.tool_globs import PATH_GLOB, glob_matches, glob_tail, glob_widened, glob_widens

__all__ = ["ConfigLineRefs"]

#: Files whose lines may run ``python -c "..."``: the files tools run (JSON, scripts, Makefiles ...), CI YAML,
#: ``tox.ini``/``setup.cfg`` and TOML (hatch's scripts); not documentation, data or C sources.
_C_SOURCE_KINDS = frozenset({"json", "shell", "yaml", "ini", "toml"})
#: The longest line a follow-up quotes whole; a longer one is cut (a minified line of 100,000 mentions, each
#: quoting the whole line, took memory growing with the square of its length: gigabytes).
_QUOTED_MAX = 400
#: ``[metadata]`` (setup.cfg) and ``[project]`` (pyproject.toml): a bare name there is the distribution's
#: (pycodestyle's one module is named like it), never a module; ``version = attr: pkg.__version__`` is a path
_DISTRIBUTION_TABLES = frozenset({"metadata", "project"})
#: Starts only where a token starts: from every position of a long run of letters it rescanned the run
#: (a README line of 150,000 letters hung ``apply``, review 20); the matches are the same.
_GLOB = PATH_GLOB


class ConfigLineRefs:
    """The per-file state of one rewrite: edits and warnings for ``path``."""

    def __init__(
        self,
        renames: Renames,
        path_renames: Mapping[str, str],
        *,
        path: str,
        kind: str,
        prose: bool = True,
        names: Mapping[str, str] | None = None,
        shared: Collection[str] = (),
        text: str = "",
    ) -> None:
        self.renames = renames
        self.prose = prose
        self.path_renames = dict(path_renames)
        #: bare file names, in a documentation file's prose only (``--no-prose`` leaves them)
        prose_file = prose and is_prose_file(path)
        self.names = dict(names or {}) if prose_file else {}
        self.unique = frozenset(names or ())  #: a glob naming one of these by its last part is rewritten
        self.listed: tuple[str, ...] = ()  #: the checkout's files: a glob opened with ``*`` matches no more
        #: shared bare names in prose; a shared elided tail (``.../pkg/mod.py``) everywhere (planner/path_tokens.py)
        self.shared = tuple(shared) if prose_file else tuple(s for s in shared if s.startswith(ELIDED))
        #: a glob in a documentation file's prose is no path (the plan lists none): only its elided tails are
        self.globs = not (is_prose_file(path) and ".py" in text)
        self.path = path
        self.kind = kind
        #: a notebook's markdown cells (prose) and ``%%bash`` cells (shell): their JSON strings, decoded to be read
        self.cell_texts = text_spans(path, text) if path.lower().endswith(".ipynb") else {}
        self.header = False  #: the line is a TOML or INI section header (planner/config_headers.py), set per line
        self.edits: list[Edit] = []
        self.warnings: list[str] = []
        self.original = ""  # the line being rewritten, as it was: warnings quote it
        self.quoted: str | None = None  # and how they quote it
        #: the Python source of its lines (``python -c``, a here-document), in a file whose lines may run it
        self.sources = Sources() if kind in _C_SOURCE_KINDS and mentions_python(text) else None
        self.imports = SourceImports()  #: a ``from pkg import (`` there goes on over the next lines of source
        #: the data's keys a script's lookup may name (planner/script_strings.py's ``data_keys``)
        self.keys: tuple[str, ...] = ()
        #: a page's template tags over lines (``{% trans\n    "pkg.cli.help" %}``), by line number
        self.split_tags: dict[int, list[tuple[int, int]]] = {}
        self.page_parts: PageParts = {}  #: a page's ``<script>`` code and key attributes, by line number
        #: whether a ``model`` key's value may be a Django fixture's label: asked once per file (review 22)
        self.fixture = kind in ("json", "yaml") and fixture_text(text)
        # doctests and Python code blocks: code
        self.examples = Examples(renames, path, text) if holds_examples(path, text, kind) else None
        #: an INI file's value items by 0-based line: a bare top-level name there is a module (planner/config_values.py)
        self.values = ini_values(text.splitlines()) if kind == "ini" else {}

    def warn(self, line: int, reason: str) -> None:
        if self.quoted is None:  # once a line, at most _QUOTED_MAX characters: a copy per warning was quadratic
            text = self.original.strip()
            self.quoted = repr(text if len(text) <= _QUOTED_MAX else text[:_QUOTED_MAX] + " ...")
        self.warnings.append(f"{self.path}:{line}: manual follow-up: {reason}: {self.quoted}")

    def modules(self, body: str, number: int, section: str) -> str:
        """Rewrite the dotted module references of one line's body (without its line ending)."""
        if not self.renames.prefilter(body):
            return body
        comment = self.kind != "data" and self._comment(body)  # a data file has no comment syntax Guardian could assume
        if comment and self.prose:  # prose (a docs code block's comment too): an exact token is rewritten
            return self._prose(body, number)
        patterns = mypy_patterns(body) if self.kind == "ini" else []
        if patterns:  # ``[mypy-pkg.mod,pkg.sub.*]``: module patterns by definition (planner/mypy_sections.py)
            return self._patterns(body, number, patterns)
        if comment or (self.kind in ("toml", "ini") and self.header):  # docs: `[x]` is code or a link
            self.warn(number, "a comment or section header names a renamed module")
            return body
        directive = DIRECTIVE.match(body)  # ``.. automodule:: pkg.mod``, ``::: pkg.mod``
        named: set[tuple[int, int]] | None = None  # where a bare name is a module by definition, read once a line
        roles = [m.span(2) for m in ROLE.finditer(body)]  # apart and in order: a bisection finds the one
        role_starts = [a for a, _b in roles]
        out: list[str] = []
        position = 0
        bounds = ""
        runs: frozenset[int] | None = None  # where ``python -m`` runs a module: read once a line (review 22)
        tags: list[tuple[int, int]] | None = None  # a template's tags (``{{ ... }}``), found once a line
        names: list[tuple[int, int]] | None = None  # an entry point's names: no module (planner/entry_point_names.py)
        for match in self.renames.find(body):
            start = match.start()
            if start < position or names_a_file(body, match.end()):  # ``reference/pkg.mod.md``: a file's name
                continue
            if names is None:
                entries = declares_entry_points(self.path.rpartition("/")[2], section, body)
                names = entry_point_names(body) if entries else []
            if names and in_names(names, start):
                continue  # ``"pkg.plug" = "pkg.plug"``: the plugin's name (``-p no:pkg.plug``), then its module
            if salt_value(body, start) or endpoint_value(body, start):  # ``url_for('auth.login')``: a view's name
                continue  # ``salt = "pkg.tokens"``: a signature's salt, data signed before (planner/signing_salts.py)
            cont = _CONTINUATION.match(body, match.end())
            end = cont.end() if cont is not None else match.end()
            if self.fixture and model_label(self.fixture, body, start, end):
                continue  # ``"model": "shop.order"``: a Django fixture's app label and model name
            token = body[start:end]
            template = False
            role = bisect.bisect_right(role_starts, start) - 1  # the last role opening at or before ``start``
            in_role = role >= 0 and end <= roles[role][1]
            bounds = bounds or (json_bounds(body) if self.kind == "json" else body)  # once a line (review 22)
            if not whole_token(bounds, start, end, match.end()):
                if path_part(body, start, end):  # ``/srv/env/pkg.wsgi``: a file's name, the last part of a path
                    continue
                if "." not in token and ":" not in token:  # a bare name in a URL (``github.com/org/tool/issues``)
                    if self.kind == "docs":  # reported as any bare name of prose; elsewhere left as one is
                        self.warn(number, f"{token!r} is a bare name inside a longer token")
                    continue
                self.warn(number, f"{token!r} is part of a longer token or a glob")
                continue
            if runs is None:
                runs = python_m_starts(body)
            run = start in runs
            recognised = bool(directive and directive.end() <= start) or in_role or run
            if recognised and not run and "." not in token and ":" not in token:  # ``tool``, not ``run(tool)``
                named = {(a, b) for a, b, _kind in bare_module_spans(body)} if named is None else named
                recognised = (start, end) in named
            before = body[start - 1] if start else " "
            quoted = before in "\"'" and body[end : end + 1] == before and self.kind != "docs"  # a whole string value
            code = self.kind == "c" and c_string(body, start, end)  # ``PyImport_ImportModule("pkg.mod")``
            if self.kind == "docs" and ("{" in body or number in self.split_tags) and not recognised:
                if tags is None:  # ``{{ _("pkg.cli.title") }}``: code, in a tag on the line or over lines
                    tags = sorted(template_tags(body) + self.split_tags.get(number, []))
                template = in_template(tags, body, start, end)
            if self.kind in ("docs", "c") and not recognised and not code and not template:
                if self.prose and ("." in token or ":" in token):
                    new = self.renames.rewrite(token)
                    if new is not None:
                        out.append(body[position:start] + new)
                        position = end
                        self.edits.append(Edit(self.path, number, "prose", token, new))
                        continue
                self.warn(number, f"{token!r} mentioned outside a directive, role or `python -m`")
                continue
            bare = "." not in token and ":" not in token
            if bare and (
                self.kind == "data"
                or not (
                    recognised
                    or quoted
                    or body.endswith("=", 0, space_before(body, start))
                    or (start, end) in self.values.get(number - 1, ())  # ``py_modules = a, b`` and continued
                )
            ):
                continue  # a bare top-level name in free text or data: too ambiguous to rewrite or report
            if bare and self.kind == "json" and not recognised:
                if not after_module_key(body, start):  # ``"name": "shop"`` is package.json's package, not the module
                    continue
            if bare and self.kind == "shell" and not recognised and not after_module_variable(body, start):
                continue  # ``IMAGE = shop``, ``LABEL name="shop"``, ``systemctl restart "shop"``: a service, an image
            if "." not in token and ":" not in token and section.lower() in _DISTRIBUTION_TABLES:
                continue  # ``name = pkg``, ``keywords``: the distribution's name, which a module rename keeps
            new = self.renames.rewrite(token)
            if new is None:
                continue
            out.append(body[position:start] + new)
            position = end
            kind = (
                "c-source"
                if code
                else reference_kind(section, self.path, body, start, token, in_role, bool(directive), run)
            )
            kind = "template" if template else kind
            kind = "data" if self.kind == "data" else kind
            self.edits.append(Edit(self.path, number, kind, token, new))
        return "".join(out) + body[position:] if out else body

    def _patterns(self, body: str, number: int, patterns: list[tuple[int, int]]) -> str:
        """A ``[mypy-...]`` header with each pattern that is a renamed module's path (or its ``.*``) rewritten."""
        out, position = [], 0
        for start, end in patterns:
            pattern = body[start:end]
            path, star = (pattern[:-2], ".*") if pattern.endswith(".*") else (pattern, "")
            new = self.renames.rewrite(path) if "*" not in path else None
            if new is not None and new != path:
                out.append(body[position:start] + new + star)
                position = end
                self.edits.append(Edit(self.path, number, "mypy-section", pattern, new + star))
        return "".join(out) + body[position:]

    def _prose(self, body: str, number: int) -> str:
        new = sub_tokens(body, self.renames)
        if new != body:
            self.edits.append(Edit(self.path, number, "prose", body.strip(), new.strip()))
        return new

    def paths(self, body: str, number: int) -> str:
        """Rewrite exact repo-relative paths of renamed files; report globs that lose a file."""
        body, done = sub_paths(body, self.path_renames)
        self.edits.extend(Edit(self.path, number, "path", old, self.path_renames[old]) for old in done)
        for glob in _GLOB.findall(body) if self.globs and ("*" in body or "?" in body) else ():
            if is_elided(glob, self.path_renames.keys() | self.shared):
                continue  # ``*/pkg/mod.py``: an elided start's tail, rewritten above or left for a person
            for old, new in self.path_renames.items():
                if old.startswith(ELIDED) or old.startswith("/") is not glob.startswith("/"):
                    continue  # the file by the key spelled as the glob is (anchored or not): one follow-up
                if glob_matches(old.lstrip("/"), glob) and not glob_matches(new.lstrip("/"), glob):
                    moved = glob_tail(glob, old, new) if old.rpartition("/")[2] in self.unique else None
                    widened = glob_widened(glob, old, new) if moved is None else None
                    wider = glob_widens(glob, self.listed) if widened is not None else []
                    if wider:  # ``pkg/*gen_*`` would match ``pkg/old_gen_tool.py`` too
                        self.warn(
                            number,
                            f"glob {glob!r} matched {old} but not {new} (opened as {widened!r} it would match {wider[0]})",
                        )
                        continue
                    if moved is None and widened is None:
                        self.warn(number, f"glob {glob!r} matched {old} but not {new}")
                        continue
                    spelled = moved or widened or glob
                    body = re.sub(rf"(?<![^\s\"',=()\[\]]){re.escape(glob)}(?![^\s\"',=()])", lambda _: spelled, body)
                    self.edits.append(Edit(self.path, number, "glob", glob, spelled))
                    if widened is not None:
                        glob = widened  # it matches the other renamed files as it matched them before
        return body

    def file_names(self, body: str, number: int) -> str:
        """Rewrite the bare names of renamed files no other file has (``core.py``); list the others."""
        for _offset, name in shared_names(body, self.shared):
            self.warn(number, f"{name.removeprefix(ELIDED)!r} is {shared_reason(name)}")
        new, done = sub_paths(body, self.names)
        self.edits.extend(Edit(self.path, number, "file-name", old, self.names[old]) for old in done)
        return new

    def python_c(self, body: str, number: int) -> str:
        """Rewrite ``from pkg import cli`` in the source of a ``python -c`` or a here-document fed to ``python``
        (planner/python_commands.py) as Rope rewrites an import, the local name kept: ``from pkg import cli_v2 as
        cli``. A comment of the file's (not of the source's) is prose."""
        if self.sources is None:
            return body
        inside = self.sources.inside
        names = self.imports.names(body, self.sources.spans(body))
        if not names or (not inside and self._comment(body)):
            return body
        body, done, moved = rewrite_c_imports(body, names, self.renames.mapping)
        self.edits.extend(Edit(self.path, number, "python-c", old, new) for old, new in done)
        for old in moved:  # moved to another package: ``from pkg import cli`` cannot name it
            self.warn(number, f"{old!r} imported by name in a `python -c` source")
        return body

    def _comment(self, body: str) -> bool:
        """Is ``body`` a whole comment of the file's (``#``; JSON's ``//``, an INI file's ``;``)?"""
        if self.kind in ("json", "shell"):
            return comment_line(self.kind, body)
        return body.lstrip().startswith(("#", ";") if self.kind == "ini" else ("#",))

    def line(self, body: str, number: int, section: str) -> str:
        self.original, self.quoted = body, None
        if self.kind == "docs" and escapes_underscores(self.path, body):  # ``pkg.parser\_tools`` (rst_escaped_lines)
            return escaped_line(
                body, partial(self._line, number=number, section=section), self.edits, self.warn, number
            )
        return self._line(body, number, section)

    def _cell_text(self, body: str, number: int) -> str:
        """A notebook's line of a markdown or ``%%bash`` cell: each JSON string's value read as a documentation
        file's or a shell script's line is (the escapes no part of a token; markdown as prose, unless ``--no-prose``)
        and encoded again in place."""
        read, spans = self.cell_texts[number - 1]
        kind, self.kind = self.kind, read
        out: list[str] = []
        position = 0
        try:
            for span in spans:
                literal = body[span.start : span.end]
                value = decoded(literal)
                new = "".join(self._cell_part(part, number) for part in value.splitlines(keepends=True))
                out += [body[position : span.start], literal if new == value else encoded(new, literal)]
                position = span.end
        finally:
            self.kind = kind
        return "".join(out) + body[position:]

    def _cell_part(self, part: str, number: int) -> str:
        """One line of a cell's value, its line ending kept."""
        text = part.rstrip("\r\n")
        return self.modules(text, number, "") + part[len(text) :]

    def _line(self, body: str, number: int, section: str) -> str:
        if number - 1 in self.cell_texts:  # planner/code_files.py's ``text_spans``, as the plan reads them
            body = self._cell_text(body, number)
            body = self.paths(body, number) if self.path_renames else body
            return self.file_names(body, number) if self.names or self.shared else body
        if self.kind == "js":  # a script's whole string literals only: no prose, path, glob or file name
            return script_line(body, number, self.renames, self.keys, self.path, self.edits)
        if number in self.page_parts:  # a page's ``<script>`` and key attributes: read as a script's, then as prose
            body = script_line(body, number, self.renames, self.keys, self.path, self.edits, self.page_parts[number])
        body = self.python_c(body, number)
        example = self.examples.rewrite(body, number) if self.examples is not None else None
        if example is not None:  # a doctest's prompt line is code (codemods/doc_examples.py)
            body = example[0]
            self.edits.extend(example[1])
        elif self.kind == "docs":
            rewritten = sub_roles(body, self.renames)
            if rewritten != body:
                for before, after in zip(ROLE.finditer(body), ROLE.finditer(rewritten)):
                    if before.group(0) != after.group(0):
                        self.edits.append(Edit(self.path, number, "sphinx-role", before.group(2), after.group(2)))
                body = rewritten
        body = self.modules(body, number, section) if example is None else body
        body = self.paths(body, number) if self.path_renames else body
        return self.file_names(body, number) if self.names or self.shared else body
