"""Mentions of the checkout's modules in its non-Python files: entry points, tool configuration, docs, CI, the files
tools run, scripts' string literals looked up in data, Cython sources' relative imports; each resolved to the module
it names (planner/references.py's :class:`Reference`). Pickled data files: planner/pickled_references.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from planner.code_files import case_lines, code_spans, decoded, python_template, text_spans
from planner.config_headers import Headers
from planner.config_values import ini_values, quoted_words
from planner.cython_imports import CYTHON_SUFFIXES, relative_imports
from planner.discover import Discovery, ModuleFile
from planner.doc_code_blocks import CodeBlocks, may_hold_code_blocks
from planner.doc_directives import DIRECTIVE, bare_module_spans
from planner.doctest_imports import doctest_modules
from planner.doctest_text import doctest_file, is_prose_file
from planner.endpoint_names import endpoint_value
from planner.entry_point_names import declares_entry_points, entry_point_names, in_names
from planner.escape_bounds import GLUED, tokens
from planner.file_kinds import C_SUFFIXES, DATA_MAX_BYTES, TOML_NAMES, is_data_file
from planner.module_attributes import Attributes
from planner.mypy_sections import mypy_patterns
from planner.page_scripts import is_page, key_form, page_parts
from planner.path_tokens import from_directory, is_elided, path_in, shared_tails, source_root_paths
from planner.pickled_references import pickle_pattern, pickled_files, text_pickles
from planner.python_commands import Sources, mentions_python
from planner.reference_kinds import BARE_FILE_NAME, files_by_name, top_level_entry_points
from planner.references import Reference, colon_chain, longest_module
from planner.rst_escapes import as_spelled, escapes_underscores, unescaped
from planner.script_strings import data_keys, defined_key, is_script_file, literal_form, script_comment
from planner.signing_salts import salt_value
from planner.source_imports import ImportedName, SourceImports
from planner.template_tags import in_template, split_tags, template_tags
from planner.token_bounds import c_string, path_part, whole_token
from planner.tool_files import (
    comment_line,
    environment_value,
    fixture_text,
    is_environment,
    json_bounds,
    model_label,
    tool_kind,
)
from planner.tool_globs import PATH_GLOB, glob_file, glob_name_starts, glob_widens

_KIND_BY_NAME = {"setup.cfg": "setup.cfg", "tox.ini": "tox.ini", ".coveragerc": "coveragerc", "MANIFEST.in": "manifest"}


_KIND_BY_NAME |= {name: name[1:] for name in (".gitignore", ".dockerignore", ".gitattributes", ".flake8", ".pylintrc")}


#: Files whose paths start from their own directory, not the repository's root.
_RELATIVE_PATHS = frozenset({".gitignore", ".dockerignore", ".gitattributes"})


#: Starts only where a token starts: from every position of a long run of path characters it rescanned
#: the run (a line of a million letters in a README hung ``plan``, review 19); the matches are the same.
PATH_TOKEN = re.compile(r"(?<![\w./-])[\w./-]+\.pyi?\b")


def file_references(root: Path, found: Discovery, space: Attributes) -> Iterable[Reference]:
    """Module names and module paths mentioned in non-Python files (entry points, tool config, docs, CI), and the
    modules pickled data files load classes from (babel's ``locale-data/*.dat``); ``space`` (module_attributes.py)."""
    if not found.top_level:
        return
    if found.data_files:
        yield from pickled_files(root, found)
    names = "|".join(sorted((re.escape(t) for t in found.top_level), key=len, reverse=True))
    dotted_path = rf"((?:{names})(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?)"
    dotted = re.compile(rf"(?<![\w.]){dotted_path}")
    glued = re.compile(
        GLUED + dotted_path
    )  # after an escape's letter: ``banner = "loaded:\npkg.mod"`` (escape_bounds.py)
    by_path = {m.path: m.name for m in found.modules.values()} | {
        m.stub: m.name for m in found.modules.values() if m.stub
    }
    tails = by_path | source_root_paths(found.modules.values(), by_path)  # what an elided start's tail names
    shared = shared_tails(tails, found.listed)
    named = {m.path: m.name for m in (*found.modules.values(), *found.scripts)}
    paths_by_name = files_by_name(named)
    by_name = {name: [named[p] for p in paths] for name, paths in paths_by_name.items()}
    packages = {m.path.rpartition("/")[0]: m.name for m in found.modules.values() if m.is_package}
    pickled = pickle_pattern(found.top_level)
    dotted_tops = [t.encode() + b"." for t in found.top_level]  # what a script's module path starts with
    # ``N8 = tool:Checker``: a top-level module an entry point names without a dot (a package keeps its name)
    top_modules = {t: not found.modules[t].is_package for t in found.top_level if t in found.modules}
    scripts: list[tuple[str, str]] = []  # the scripts that may name a module path, and their text
    data: list[str] = []  # the text of the other reference files that name one (prose aside)
    lookups: list[tuple[Reference, str]] = []  # a page's lookups of keys, read once the keys are known
    for rel in found.other_files:
        try:
            raw = (root / rel).read_bytes()
        except OSError:
            continue
        if len(raw) > DATA_MAX_BYTES or b"\0" in raw:
            continue
        if is_script_file(rel):  # ``i18n.t("pkg.cli.title")``: read once the data's keys are known
            if any(top in raw for top in dotted_tops):
                scripts.append((rel, raw.decode("utf-8", errors="replace")))
            continue
        text = raw.decode("utf-8", errors="replace")
        prose = is_prose_file(rel) and ".py" in text  # a bare file name: in documentation only
        examples = doctest_file(rel, text)  # a doctest's imports: code (codemods/doc_examples.py)
        docs = is_prose_file(rel) and not is_page(rel)  # a directive's or a module role's bare name is a module
        prompt = False  # the line before was a doctest's prompt line
        examples_imports = SourceImports()  # ``>>> from pkg import (`` goes on over its ``...`` lines
        # ``.. code-block:: python``: its lines are code too (planner/doc_code_blocks.py)
        blocks = CodeBlocks() if is_prose_file(rel) and may_hold_code_blocks(text) else None
        block_imports = SourceImports()
        # a notebook's code cells (their JSON strings, by line) and a ``gen.py.j2``'s lines: Python code too
        cells, template, code_imports = code_spans(rel, text), python_template(rel), SourceImports()
        cell_texts = text_spans(rel, text) if cells or rel.endswith(".ipynb") else {}  # markdown, ``%%bash``: decoded
        cases = case_lines(rel, text)  # a pytest-mypy-plugins case's ``main: |`` block
        package = packages.get(rel.rpartition("/")[0]) if rel.endswith(CYTHON_SUFFIXES) else None
        if package is not None:  # ``from .ext import X`` in a ``.pyx``: no dotted path to screen for
            yield from _cython_imports(rel, text, package, found.modules)
        yield from text_pickles(rel, text, pickled, found.modules)  # ``{"blob": "gASV..."}``: a base64 pickle
        # ``omit = ["*/types.py"]``, ``["*/pkg/_generated_*"]``: no module path, a path glob
        globbed = "/" in text and ("*" in text or "?" in text)
        read = text.replace("\\_", "_") if rel.endswith(".rst") else text  # ``my\_pkg.mod`` (planner/rst_escapes.py)
        if not prose and not globbed and not any(t in read for t in found.top_level):
            continue
        if not is_prose_file(rel):  # data: a catalogue's keys, which a script may look up
            data.append(text)
        directory, _, name = rel.rpartition("/")
        tool = tool_kind(name, text, directory)  # a JSON file, a Makefile, a Dockerfile, a Procfile, a shell script
        labels = tool == "json" or name.endswith((".yml", ".yaml"))  # where a Django fixture may be
        code = tool is not None or name.endswith(_C_SOURCE_SUFFIXES)  # where a line may run ``python -c``
        sources = Sources() if code and mentions_python(text) else None
        imports = SourceImports()  # a ``from pkg import (`` there goes on over the next lines of source
        fixture = labels and fixture_text(text)  # once per file: read per match, it was quadratic (review 22)
        # an ignore file's paths start from its own directory (``examples/.gitignore``: ``pkg/core.py``)
        base = f"{directory}/" if directory and name in _RELATIVE_PATHS else ""
        section = ""
        toml = name.endswith(".toml") or name in TOML_NAMES  # a ``Pipfile`` too
        configuration = toml or name.endswith((".ini", ".cfg", "coveragerc"))
        headers = Headers(toml)  # a TOML array's line is a value, as apply reads it (planner/config_headers.py)
        lines = text.splitlines()
        values = ini_values(lines) if configuration and not toml else {}  # an INI key's value items, by line
        # ``{% trans\n    "pkg.cli.help" %}``: a template's tags over lines, in a page (its prose: ``docs``)
        split = split_tags(lines) if is_prose_file(rel) and ("{{" in text or "{%" in text) else {}
        parts = page_parts(lines) if is_page(rel) else {}  # ``<script>``, ``data-i18n="..."``: looked-up keys
        environment = is_environment(name)  # secrets: its assignments of a module path only (tool_files.py)
        for number, line in enumerate(lines, start=1):
            if environment and not environment_value(line):
                continue
            escaped = line if escapes_underscores(rel, line) else None  # ``pkg.parser\_tools`` (planner/rst_escapes.py)
            line, where = unescaped(line) if escaped is not None else (line, [])
            strings = [decoded(line[span.start : span.end]) for span in cells.get(number - 1, ())]
            # ``"import pkg.mod\n"``: its code, decoded
            line = "\n".join(value.rstrip("\r\n") for value in strings) if strings else line
            code_line = template or bool(strings) or number - 1 in cases
            read, cell = cell_texts.get(number - 1, ("", []))  # a markdown cell (prose), a ``%%bash`` cell (shell)
            line = "\n".join(decoded(line[c.start : c.end]).rstrip("\r\n") for c in cell) if cell else line
            stripped = line.strip()
            opened = headers.header(line) if configuration else None
            if opened is not None or (not configuration and stripped.startswith("[") and stripped.endswith("]")):
                section = stripped
            if toml and section.lstrip("[").lstrip().startswith("tool.guardian"):
                continue  # Guardian's own configuration: the user's policy, never rewritten (rewrite_config_refs)
            kind = "code-block" if code_line else read  # else worked out at the line's first reference (most have none)
            header = opened is not None
            bounds = ""  # the line's token bounds, worked out once at its first reference (review 22, hole 02)
            line_tags: list[tuple[int, int]] | None = None  # a template's tags, found once a line
            entry_names: list[tuple[int, int]] | None = None  # an entry point's names: no module (entry_point_names.py)
            for match in tokens(line, dotted, glued, group=1):  # as apply's ``Renames.find`` reads the line
                if entry_names is None:
                    entry_names = entry_point_names(line) if declares_entry_points(name, section, line) else []
                if entry_names and in_names(entry_names, match.start(1)):
                    continue  # ``"pkg.plug" = "pkg.plug"``: the plugin's name (``-p no:pkg.plug``), then its module
                module = longest_module(match.group(1), found.modules)  # ``tool.VERSION``: a top-level module's too
                if module and ":" in match.group(1):  # ``alpha = "pkg.plugins:alpha"``: the submodule after the colon
                    module = colon_chain(match.group(1), 0, module, found.modules, space.shadowed)
                module = module if module and ("." in module or not found.modules[module].is_package) else None
                if fixture and model_label(fixture, line, match.start(1), match.end(1)):
                    continue  # ``"model": "shop.order"``: a Django fixture's app label and model name
                if module and salt_value(line, match.start(1)):  # ``salt = "pkg.tokens"``: signed data, left
                    yield Reference(rel, number, "signing-salt", match.group(1), module)
                    continue
                if module and endpoint_value(line, match.start(1)):  # ``{{ url_for('auth.login') }}``: a view's name
                    yield Reference(rel, number, "endpoint-name", match.group(1), module)
                    continue
                if module and space.path_at(line, match.start(1), module):  # no ``api.example.com``, ``pkg.cli.pkl``
                    # what apply rewrites exactly, and what it leaves for a person (codemods/rewrite_config_refs.py)
                    bounds = bounds or (json_bounds(line) if tool == "json" else line)
                    exact = whole_token(bounds, match.start(1), match.end(1), match.start(1) + len(module))
                    if not exact and path_part(line, match.start(1), match.end(1)):
                        continue  # ``/srv/env/pkg.wsgi``: a file's name, the last part of a path (as apply reads it)
                    kind = kind or _line_kind(name, section, line, tool)
                    if header and any(a == match.start(1) for a, _b in mypy_patterns(line)):
                        exact, header = True, False  # ``[mypy-pkg.mod]``: a module pattern by definition
                    shown = "section-header" if header else kind if exact else "longer-token"
                    if shown == "docs" and ("{" in line or number - 1 in split):  # ``{{ _("pkg.cli.title") }}``
                        if line_tags is None:  # a template's code, in its tags on the line and over lines
                            line_tags = sorted(template_tags(line) + split.get(number - 1, []))
                        if in_template(line_tags, line, match.start(1), match.end(1)):
                            shown = "template"
                    if shown == "c-source" and not c_string(line, match.start(1), match.end(1)):
                        shown = "comment"  # prose in a C source: a comment, a message
                    form = key_form(line, parts[number - 1], *match.span(1)) if number - 1 in parts else None
                    if form is not None and shown in _LOOKUPS:  # a key, if the data holds it
                        lookups.append((Reference(rel, number, shown, match.group(1), module), form))
                        continue
                    yield Reference(rel, number, shown, as_spelled(escaped, where, *match.span(1), line), module)
            if ":" in line and top_modules and _line_kind(name, section, line, tool) == "entry-point":
                for start, end, module in top_level_entry_points(line, top_modules):
                    yield Reference(rel, number, "entry-point", line[start:end], module)
            if configuration and top_modules and not header:  # ``py_modules = a, b``: a value's bare names
                yield from _bare_values(rel, number, line, section, values, top_modules, toml)
            inside = sources is not None and sources.inside  # a line of a ``-c`` source or a here-document
            spans = sources.spans(line) if sources is not None else []  # ``python -c "from pkg import cli"``
            imported = imports.names(line, spans) if sources is not None else []
            if imported and (inside or not _comment(name, tool, line)):
                for item in python_c_modules(imported, found.modules):
                    yield Reference(rel, number, "python-c", item, item)
            if docs and ("::" in line or ":mod:`" in line):  # ``.. automodule:: tool``, ``:mod:`tool```
                for start, end, shown in bare_module_spans(line):
                    bare = found.modules.get(line[start:end])
                    if bare is not None and not bare.is_package:
                        yield Reference(rel, number, shown, line[start:end], bare.name)
            if examples:
                prompt, imports_of = doctest_modules(line, prompt, found.modules, examples_imports)
                # ``>>> from pkg import slug``: the object its package binds over the submodule, as apply reads it
                imports_of = [module for module in imports_of if module not in space.shadowed]
                yield from (Reference(rel, number, "doctest", stripped, module) for module in imports_of)
            if blocks is not None and blocks.code(line) and not (examples and prompt):
                _, imports_of = doctest_modules(f">>> {stripped}", False, found.modules, block_imports)
                imports_of = [module for module in imports_of if module not in space.shadowed]
                yield from (Reference(rel, number, "code-block", stripped, module) for module in imports_of)
            for source in line.splitlines() if code_line else ():
                _, imports_of = doctest_modules(f">>> {source.strip()}", False, found.modules, code_imports)
                imports_of = [module for module in imports_of if module not in space.shadowed]
                yield from (Reference(rel, number, "code-block", source.strip(), module) for module in imports_of)
            for match in PATH_TOKEN.finditer(line) if ".py" in line else ():
                named_path = path_in(line, match.start(), match.group(0))  # not ``*pkg/mod.py``: a glob in a name
                if named_path is None:
                    continue
                # ``.../pkg/mod.py``, ``*/pkg/mod.py``: a module's path from the root or a source root, after an
                # elided start (planner/path_tokens.py), as in a Python string
                spelled, elided = named_path
                if elided:
                    target = tails.get(spelled)
                elif spelled.startswith("../"):  # ``docs/index.rst``'s ``../pkg/mod.py``: from the file's directory
                    target = by_path.get(from_directory(directory, spelled) or "")
                else:
                    target = by_path.get(base + spelled.lstrip("./"))
                if target is not None:
                    kind = kind or _line_kind(name, section, line, tool)
                    shown = "shared-file-name" if elided and spelled in shared else f"{kind}:path"
                    yield Reference(rel, number, shown, match.group(0), target)
            for glob in PATH_GLOB.findall(line) if globbed and not prose and ("*" in line or "?" in line) else ():
                if is_elided(glob, tails):
                    continue  # ``*/pkg/mod.py``: an elided start's tail (planner/path_tokens.py), read above
                path = glob_file(glob, paths_by_name)  # ``*/types.py``: the one file so named (its last part)
                # ``*/pkg/_generated_*``: the files whose names the glob matches from their start
                matched = [path] if path is not None else glob_name_starts(glob, by_path)
                # opened with ``*`` it would match more files than the renamed ones (``pkg/old_gen_tool.py``)
                wide = path is None and bool(matched) and bool(glob_widens(glob, found.listed))
                for path in (p for p in matched if p in by_path):
                    kind = kind or _line_kind(name, section, line, tool)
                    yield Reference(rel, number, "wide-glob" if wide else f"{kind}:glob", glob, by_path[path])
            for match in BARE_FILE_NAME.finditer(line) if prose else ():  # ``core.py``, no other file so named
                owners = by_name.get(match.group(1), []) if match.group(1) not in by_path else []
                for module in owners:
                    yield Reference(
                        rel, number, "docs" if len(owners) == 1 else "shared-file-name", match.group(0), module
                    )
    keys = data_keys(data, found.top_level) if scripts or lookups else ()
    for rel, text in scripts:
        yield from _script_strings(rel, text, dotted, found.modules, keys, space)
    for ref, form in lookups:  # a page's script's: as a script's, when the data holds the key
        yield replace(ref, kind="js-string") if defined_key(keys, ref.text, form) else ref


def _bare_values(
    rel: str,
    number: int,
    line: str,
    section: str,
    values: Mapping[int, list[tuple[int, int]]],
    top_modules: Mapping[str, bool],
    toml: bool,
) -> Iterable[Reference]:
    """A configuration line's bare top-level module names that stand as whole values (an INI key's items, a TOML
    string), as apply rewrites them (planner/config_values.py); not the distribution's own name nor an entry
    point's name."""
    if section.strip("[] ").lower() in ("metadata", "project"):
        return  # ``name = tool``: the distribution's name, which a module rename keeps
    spans = (quoted_words(line) if not line.lstrip().startswith("#") else []) if toml else values.get(number - 1, [])
    names = entry_point_names(line) if spans and declares_entry_points(rel.rpartition("/")[2], section, line) else []
    for start, end in spans:
        if top_modules.get(line[start:end]) and not (names and in_names(names, start)):
            yield Reference(
                rel, number, _line_kind(rel.rpartition("/")[2], section, line), line[start:end], line[start:end]
            )


def _script_strings(
    rel: str,
    text: str,
    dotted: re.Pattern[str],
    modules: Mapping[str, ModuleFile],
    keys: tuple[str, ...],
    space: Attributes,
) -> Iterable[Reference]:
    """The ``js-string`` references of a JavaScript or TypeScript file (planner/script_strings.py): each string
    literal whose whole text is a module path that the data's ``keys`` hold, or that starts one of them."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in dotted.finditer(line) if not script_comment(line) else ():
            start, end = match.span(1)
            module = longest_module(match.group(1), modules)
            if module is None or "." not in module or not space.path_at(line, start, module):
                continue
            form = literal_form(line, start, end)
            if form is not None and defined_key(keys, match.group(1), form):
                yield Reference(rel, number, "js-string", match.group(1), module)


#: What a page's key lookup (planner/page_scripts.py) is listed as when no data holds its key.
_LOOKUPS = frozenset({"docs", "template", "longer-token"})


#: Configuration whose lines may run ``python -c "..."`` (CI YAML, ``tox.ini``, hatch's scripts in TOML), besides
#: the files tools run (planner/tool_files.py); not documentation, data or C sources.
_C_SOURCE_SUFFIXES = (".yml", ".yaml", ".ini", ".cfg", ".toml")


def python_c_modules(names: Iterable[ImportedName], modules: Mapping[str, ModuleFile]) -> list[str]:
    """The checkout's modules that ``from X import a`` names in Python source a line holds (a ``python -c``'s, a
    here-document's: planner/source_imports.py): ``X.a`` when it is a module. ``import pkg.cli`` is a dotted token,
    found as any other.

    Returns:
        The modules, in order.
    """
    return [module for item in names if (module := f"{item.source}.{item.name}") in modules]


def _comment(name: str, tool: str | None, line: str) -> bool:
    """Is ``line`` a whole comment: the tool's (``#``, JSON's ``//``), an INI file's ``#`` or ``;``, YAML's or
    TOML's ``#``? A ``python -c`` there is prose."""
    if tool is not None:
        return comment_line(tool, line)
    return line.lstrip().startswith(("#", ";") if name.endswith((".ini", ".cfg")) else ("#",))


def _cython_imports(rel: str, text: str, package: str, modules: Mapping[str, ModuleFile]) -> Iterable[Reference]:
    for number, line in enumerate(text.splitlines(), start=1) if "import" in text else ():
        for _start, _end, module, _what in relative_imports(line, package):
            if module in modules:
                yield Reference(rel, number, "cython-import", line.strip(), module)


#: pyproject.toml's tables of entry points (PEP 621's and Poetry's)
_ENTRY_POINT_TABLES = tuple(f"[{t}" for t in "project.scripts project.gui-scripts project.entry-points".split())


_POETRY_TABLES = ("[tool.poetry.scripts", "[tool.poetry.plugins")

#: A dotted key into those tables from ``[project]`` (virtualenv's ``entry-points."virtualenv.seed".pip = "..."``)
#: or ``[tool.poetry]`` (``plugins."grp".name``): the same entry point.
_DOTTED_ENTRY_POINT = re.compile(r"""\s*(?:scripts|gui-scripts|entry-points|plugins)\s*\.""")


def _line_kind(name: str, section: str, line: str, tool: str | None = None) -> str:
    if name == "pyproject.toml":
        if section.startswith((*_ENTRY_POINT_TABLES, *_POETRY_TABLES)):
            return "entry-point"
        table = section.replace(" ", "")
        dotted = table in {"[project]", "[tool.poetry]"} and _DOTTED_ENTRY_POINT.match(line) is not None
        return "entry-point" if dotted else "pyproject"
    if name == "setup.cfg" and section.replace(" ", "") == "[options.entry_points]":
        return "entry-point"
    if name in _KIND_BY_NAME:
        return _KIND_BY_NAME[name]
    if name == "entry_points.txt":  # an egg-info's: what importlib.metadata loads plugins from
        return "entry-point"
    if tool is not None:  # ``json``, ``makefile``, ``dockerfile``, ``procfile``, ``shell``: code, but a comment
        return "comment" if comment_line(tool, line) else tool
    if is_prose_file(name):  # docs, an HTML page
        return "automodule" if DIRECTIVE.match(line) else "docs"  # ``.. currentmodule:: pkg.mod``, ``::: pkg.mod``
    if name.endswith((".yml", ".yaml")):
        return "ci"
    if name.endswith(C_SUFFIXES):
        return "c-source"
    if is_data_file(name):  # a test's fixture, JSON, a Cython source: what the project's code reads
        return "data"
    return "config"
