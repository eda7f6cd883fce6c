"""What Guardian does with each kind of reference it finds outside the import graph (issue 13).

``keep-old-path``: the old module path stays reachable after the rename (a lazy table rewritten to a mapping, else a
shim: codemods/keep_alive.py); ``rewrite``: the exact path is rewritten in place; ``rewrite-keep-old-path``: both, for
the checkout's own entry-point declarations (an installed copy of the distribution, an editable install's
``entry_points.txt`` in ``site-packages``, names the old path until it is reinstalled); ``rewrite-prose``: the same in
docstrings, comments and docs, unless ``--no-prose``; ``keep-old-name``: the package binds the submodule's old name
again (codemods/old_name_bindings.py); ``follow-up``: listed for a person. A renamed module's bare file name
(``"core.py"``, a traceback's frame) is a ``file-name`` when no other Python file of the checkout has it, else a
``shared-file-name`` (:func:`bare_renames`). planner/dynamic_imports.py and the scan find the kinds.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Collection, Iterable, Mapping

from planner.discover import PROSE_SUFFIXES

__all__ = [
    "ACTIONS",
    "BARE_FILE_NAME",
    "DOCTEST_LINE",
    "DYNAMIC_KINDS",
    "ENTRY_POINT_SPEC",
    "PATH_GLOB",
    "KEEP_ALIVE_KINDS",
    "PROSE_KINDS",
    "STRING_KINDS",
    "bare_renames",
    "c_string",
    "doctest_file",
    "doctest_lines",
    "files_by_name",
    "glob_file",
    "glob_matches",
    "glob_name_starts",
    "glob_tail",
    "glob_widened",
    "glob_widens",
    "in_file_path",
    "is_prose_file",
    "names_a_file",
    "package_relative",
    "path_part",
    "reference_action",
    "root_relative",
    "top_level_entry_points",
    "whole_token",
]

#: Reference kind -> what Guardian does with it after a rename.
ACTIONS: Mapping[str, str] = {
    "lazy-getattr": "keep-old-path",
    "lazy-attach": "keep-old-path",
    "computed-import": "keep-old-path",
    "discovery": "keep-old-path",
    "unresolved-import": "keep-old-path",
    "pickled": "keep-old-path",
    "module-alias": "keep-old-path",
    "entry-point": "rewrite-keep-old-path",
    "sys.modules": "rewrite",
    "module-table": "rewrite",
    "regex": "rewrite",
    "string-part": "rewrite",
    "exec-source": "rewrite",
    "file-path": "rewrite",
    "file-name": "rewrite",
    "joined-file-name": "follow-up",  # ``tmp_path / "main.py"``: a file of another directory, for a person
    "relative-path": "rewrite",
    "module-parts": "rewrite",  # ``file_from_modpath(["pkg", "mod"])``: a module's path as a list of its parts
    "module-words": "follow-up",  # ``run(["pkg", "mod"])``: the same words where nothing says module path
    "py_modules-unknown": "follow-up",  # ``setup(py_modules=find())``: names Guardian cannot read (py_modules.py)
    "relative-name": "rewrite",  # ``is_relative("util", spec.__file__)``: the one module of that name, below the file
    "file-relative": "follow-up",  # the same name, also an absolute path of another module: for a person
    "prefixed-name": "rewrite",  # ``helper("mod.Class")``, ``helper`` building ``f"pkg.{name}"``: ``pkg.mod``
    "implicit-submodule": "rewrite",
    "submodule-attribute": "keep-old-name",
    "docstring": "rewrite-prose",
    "comment": "rewrite-prose",
    "c-source": "rewrite",
    "json": "rewrite",  # from here to "docs": the files tools run or load (planner/tool_files.py)
    "makefile": "rewrite",
    "dockerfile": "rewrite",
    "procfile": "rewrite",
    "shell": "rewrite",
    "template": "rewrite",  # a quoted string in a template's tag: ``{{ _("pkg.cli.title") }}`` in an HTML page
    "python-c": "rewrite",  # ``from pkg import cli`` in a ``python -c`` source there (planner/python_commands.py)
    "docs": "rewrite-prose",
}
KEEP_ALIVE_KINDS = frozenset(k for k, v in ACTIONS.items() if v.endswith("keep-old-path"))
DYNAMIC_KINDS = frozenset(k for k, v in ACTIONS.items() if v == "keep-old-path") | {"sys.modules", "module-table"}
#: An entry point as a ``setup.py`` declares it (``"tool = pkg.cli:main"``, one a line in an INI string):
#: a string so shaped there is an ``entry-point`` reference
ENTRY_POINT_SPEC = re.compile(r"^\s*[\w.-]+\s*=\s*[A-Za-z_][\w.]*(?::[\w.]+)?(?:\s*\[[^\]\n]*\])?\s*$", re.M)
#: The value of one entry point that names a module without a dot, ``N8 = tool:Checker`` (an INI line, a
#: ``setup.py`` string) or ``tool = "tool:main"`` (a TOML line): the module, then its attribute
_TOP_LEVEL_ENTRY = re.compile(r"^\s*[\w.-]+\s*=\s*[\"']?([A-Za-z_]\w*):[A-Za-z_][\w.]*", re.M)


def top_level_entry_points(text: str, top_level: Mapping[str, bool]) -> list[tuple[int, int, str]]:
    """The entry points in ``text`` (lines known to declare entry points) that name a top-level module by
    ``module:attr`` (pep8-naming's ``N8 = pep8ext_naming:NamingChecker``); ``top_level``: each top-level name of
    the checkout -> whether it is a module (a package's ``__init__`` keeps its name).

    Returns:
        The start and end of each ``module:attr`` in ``text``, and its module.
    """
    return [
        (match.start(1), match.end(0), match.group(1))
        for match in _TOP_LEVEL_ENTRY.finditer(text)
        if top_level.get(match.group(1))
    ]


STRING_KINDS = frozenset({"regex", "string-part", "exec-source"})
PROSE_KINDS = frozenset({"docstring", "comment", "docs"})


def reference_action(kind: str) -> str:
    """What Guardian does with a reference of ``kind``: ``rewrite``, ``rewrite-prose``, ``keep-old-path``,
    ``rewrite-keep-old-path``, ``keep-old-name`` or ``follow-up`` (for a person: a path in a longer token or a glob,
    ``x-pkg.mod``, ``pkg.mod*``, a TOML/INI section header, a shared bare file name, a wide glob, a file-relative name).

    Returns:
        The action's name.
    """
    if kind in ACTIONS:
        return ACTIONS[kind]
    return "follow-up" if kind in ("longer-token", "section-header", "shared-file-name", "wide-glob") else "rewrite"


#: A documentation or data file's suffix: ``reference/pkg.mod.md`` (mkdocs), ``api/pkg.mod.rst`` (autosummary).
#: Suffixes a file's name ends with, never an attribute's: ``shop.js`` beside a renamed ``shop.py`` (``node
#: shop.js``, ``COPY shop.js``), ``cat pkg.cli.conf`` (review 22, holes 5 and 19).
_FILE_SUFFIX = re.compile(
    r"\.(?:md|rst|txt|html?|ipynb|png|svg|ya?ml|m?js|cjs|tsx?|css|scss|conf|cfg|ini|toml|csv|tsv|sql|j2|jinja2?|tmpl"
    r"|lock|pid|sock|bak|json|jsonl|xml|py)(?![\w.])"  # black's black.schema.json, src/_black_version.py (issue 13)
)

_DOTTED_TAIL = re.compile(r"(?:\.[A-Za-z_]\w*)*")


def names_a_file(text: str, end: int) -> bool:
    """Is the dotted token of ``text`` that a module path starts and that goes on at ``end`` a file's name?

    ``reference/markdown.util.md`` names a documentation file after the module (Markdown's mkdocs nav),
    not the module: Guardian renames no such file, so the name stays as it is and is no reference.

    Returns:
        ``True`` when the token's continuation from ``end`` ends with a documentation or data file suffix.
    """
    continuation = _DOTTED_TAIL.match(text, end)  # not ``text[end:]``: a copy per match of a long line
    tail = text[end : continuation.end()] if continuation else ""
    return bool(tail) and _FILE_SUFFIX.match(tail, tail.rfind(".")) is not None


_END_OK = frozenset(" \t\"'`)]},;>[#=|&(:<»›”’")  # "(": a call in prose, ``pkg.mod.run()``; ":" ends a traceback's name
# after ``pkg.mod.``: a sentence's end, a shorthand ``pkg.mod.(get|set)_x``, a ``.po`` string's escaped line end, or
# the module's prefix closed by a tag (Sphinx's signatures, ``<span class="pre">pkg.mod.</span>``); a quoted
# ``"pkg.mod."`` is a prefix of keys, data (planner/module_attributes.py)
_AFTER_STOP = frozenset(" \t({\\<")
_START_OK = frozenset(
    " \t\"'`([{,=<>~!:|&@+%^#«‹“‘"
)  # "@": a decorator in a docs code block; "+" "%" "^" ">": operators
# typographic quotes bound a path as ASCII ones do (sphinx's translations: ``«sphinx.ext.imgconverter»``)
# "#": a URL's fragment, Sphinx's anchor of an object (``api.html#pkg.mod.Klass``); and what ends right before
# a path: Sphinx's module anchor (``api.html#module-pkg.mod``; ``<section id="module-pkg.mod">`` in a built
# page, alembic's sdist ships 157 of them), logging.config's object to import
# (``"stream": "ext://pkg.mod.errors_stream"``, flask's docs; not ``x-ext://``, not a URL's host); an HTML
# page's entity (``&#39;bs4.element.Tag&#39;``; "<" ends a path inside a tag: ``<span>bs4.dammit</span>``)
_OPENERS = re.compile(r"""(?:[#"']module-|(?<![\w.+-])ext://)\Z""")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")


def _opens(line: str, start: int) -> bool:
    """Does ``line[:start]`` end with one of the openers above? Reads back from ``start`` only as far as one
    can reach: a search of the whole prefix per match took time growing with the square of a long line's
    length (a minified bundle, review 22, hole 24). An entity's ``&`` is the first character before its
    ``;`` that is neither a word character nor ``#``: each match reads its own run, so a line is read once.
    """
    if _OPENERS.search(line, max(0, start - len("#module-")), start) is not None:
        return True
    if start < 3 or line[start - 1] != ";":
        return False
    amp = start - 1
    while amp > 0 and (line[amp - 1].isalnum() or line[amp - 1] in "_#"):
        amp -= 1
    return amp > 0 and line[amp - 1] == "&" and _ENTITY.fullmatch(line, amp - 1, start) is not None


def c_string(line: str, start: int, end: int) -> bool:
    """Is ``line[start:end]`` a whole C string literal, ``"pkg.mod"`` (``PyImport_ImportModule("pkg.mod")``)?
    That is code, rewritten whatever ``--no-prose``; any other mention in a C source is prose.

    Returns:
        ``True`` when a double quote stands right before ``start`` and right at ``end``.
    """
    return start > 0 and line[start - 1] == '"' and line[end : end + 1] == '"'


def in_file_path(text: str, start: int) -> bool:
    """Does the dotted token of ``text`` at ``start`` go on a file path (``"grammars/lark.lark"``, lark's
    grammar file named like its module ``lark.lark``)? A path's part is a file's name, never a module path
    (``ext://pkg.mod.stream`` aside: logging.config's object to import).

    Returns:
        ``True`` when a ``/`` comes right before the token, and no ``ext://``.
    """
    return start > 0 and text[start - 1] == "/" and not _opens(text, start)


def path_part(text: str, start: int, end: int) -> bool:
    """Is the dotted token ``text[start:end]`` a directory's file, the part of a path after a ``/`` (pyramid's
    ``WSGIScriptAlias /app /srv/env/pyramid.wsgi``, a mod_wsgi script named like the module)? Not a URL's host
    (``https://pkg.mod.example/``), nor a bare name (``github.com/org/tool``: a bare-name follow-up).

    Returns:
        ``True`` for a file's name in a path: no reference, as codemods/string_tokens.py leaves ``"dir/pkg.mod"``.
    """
    return "." in text[start:end] and in_file_path(text, start) and text[start - 2 : start] != "//"


#: A module's file by its bare name, standing alone (the bounds of codemods/string_tokens.py's paths): not
#: inside a longer path or name (``pkg/core.py``, ``xcore.py``, ``my-core.py``, ``core.py.bak``, ``core.pyc``).
#: ``./core.py`` is the same name; a stub (``core.pyi``) is not the module's file. Starts only where a token starts.
BARE_FILE_NAME = re.compile(r"(?<![\w./-])(?:\./)?([A-Za-z_]\w*+\.py)(?![\w/~-]|\.\w)")


#: A doctest's line of code in a docstring (``>>> x``, ``... y``); the lines after it up to a blank one are its
#: expected output (codemods/base.py's ``rewrite_docstring`` reads docstrings with it too).
DOCTEST_LINE = re.compile(r"^(?P<indent>\s*)(?P<prompt>>>>|\.\.\.)(?P<code>(?: .*)?)$")


def doctest_lines(text: str) -> set[int]:
    """The lines of a docstring's ``text`` (0-based) that are a doctest's code or expected output: what the
    code runs or prints, not prose (boltons' ``>>> os.path.basename(filenames[-1])`` then ``'urlutils.py'``).

    Returns:
        Their indexes.
    """
    found: set[int] = set()
    in_example = False
    for number, line in enumerate(text.split("\n")):
        if DOCTEST_LINE.match(line) is not None:
            in_example = True
        elif not (in_example and line.strip()):
            in_example = False
            continue
        found.add(number)
    return found


def files_by_name(paths: Iterable[str]) -> dict[str, list[str]]:
    """The checkout's Python files (repo-relative ``paths``: every discovered one, renamed or not, exempt or
    not, tests too) by their bare file name.

    Returns:
        ``core.py`` -> the paths of the files so named, sorted.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(set(paths)):
        if path.endswith(".py"):
            found.setdefault(path.rpartition("/")[2], []).append(path)
    return found


#: A glob in a configuration line (``omit = ["*/types.py"]``), a token holding ``*`` or ``?``.
PATH_GLOB = re.compile(r"(?<![^\s\"',=()\[\]])[^\s\"',=()\[\]]*[*?][^\s\"',=()]*")


def glob_file(glob: str, by_name: Mapping[str, list[str]]) -> str | None:
    """The one Python file a path glob names by its literal file name after wildcard directories
    (coverage's ``omit = ["*/types.py"]``, ``**/core.py``), where no other Python file of the checkout has
    that name (``by_name``: :func:`files_by_name`) and the glob matches its path. None otherwise: a glob
    over file names (``*.py``, ``test_*``) still matches a renamed file.
    """
    head, _, tail = glob.rpartition("/")
    paths = by_name.get(tail, []) if head and "*" not in tail and "?" not in tail and "[" not in tail else []
    if len(paths) != 1:
        return None
    return paths[0] if glob_matches(paths[0], glob) else None


def glob_matches(path: str, glob: str) -> bool:
    """Does ``glob`` match the repo-relative ``path``? A tool matches it against the file's absolute name
    (coverage), so wildcard directories may stand before the root's (``**/src/*/core.py``); a glob opening
    with ``/`` is anchored at the root."""
    return fnmatch.fnmatchcase(f"/{path}", glob) or (not glob.startswith("/") and fnmatch.fnmatchcase(path, glob))


def glob_tail(glob: str, old: str, new: str) -> str | None:
    """``glob`` naming the renamed file ``new`` instead of ``old`` by its last part (:func:`glob_file`:
    ``*/types.py`` -> ``*/WF1_..._types.py``), when it still matches ``new`` so; else None."""
    head, slash, tail = glob.rpartition("/")
    old_name, new_name = old.rpartition("/")[2], new.rpartition("/")[2]
    if not slash or tail != old_name:
        return None
    moved = f"{head}/{new_name}"
    return moved if glob_matches(new.lstrip("/"), moved) else None


def glob_name_starts(glob: str, paths: Iterable[str]) -> list[str]:
    """The ``paths`` a path glob matches by the start of their file names (trio's coverage ``omit =
    ["*/trio/_core/_generated_*"]``): a renamed file's new name starts with the pattern's fields, so apply
    opens the glob with ``*`` (:func:`glob_widened`). Empty for a glob without a directory part or whose
    file-name part opens with a wildcard (``*.py``, ``*/tests/*``: they match the new names too)."""
    head, _, tail = glob.rpartition("/")
    if not head or tail[:1] in ("", "*", "?", "[") or not any(c in tail for c in "*?["):
        return []
    return [path for path in paths if glob_matches(path, glob)]


def glob_widened(glob: str, old: str, new: str) -> str | None:
    """``glob`` whose file-name part starts with a literal and holds a wildcard (trio's coverage
    ``omit = ["*/trio/_core/_generated_*"]``), opened with ``*`` so it matches the renamed file's
    ``new`` path as it matched ``old`` (``*/trio/_core/*_generated_*``: the pattern puts its fields before
    the old name), and still matches the files a later batch renames; else None."""
    head, slash, tail = glob.rpartition("/")
    if tail.startswith("*") or not any(c in tail for c in "*?["):
        return None
    widened = f"{head}{slash}*{tail}"
    return widened if glob_matches(old.lstrip("/"), widened) and glob_matches(new.lstrip("/"), widened) else None


def glob_widens(glob: str, files: Iterable[str]) -> list[str]:
    """The checkout's ``files`` (every listed one, before the renames) that ``glob`` opened with ``*``
    (:func:`glob_widened`) would match and ``glob`` does not: ``pkg/gen_*`` as ``pkg/*gen_*`` also matches
    ``pkg/old_gen_tool.py``. Such a glob is never opened: the plan lists it as a ``wide-glob`` follow-up,
    apply leaves it for a person."""
    head, slash, tail = glob.rpartition("/")
    widened = f"{head}{slash}*{tail}"
    return [path for path in files if glob_matches(path, widened) and not glob_matches(path, glob)]


def is_prose_file(path: str) -> bool:
    """Is the non-Python file at ``path`` documentation prose (``.rst``/``.md``/``.txt``, not an egg-info's
    ``entry_points.txt``; an HTML page)? A bare file name is attributed there, never in tool configuration.

    Returns:
        ``True`` for a documentation file.
    """
    name = path.rpartition("/")[2]
    return name.lower().endswith((".rst", ".md", ".txt", *PROSE_SUFFIXES)) and name != "entry_points.txt"


#: a line that opens a doctest example: ``>>> import tool``
_PROMPT_LINE = re.compile(r"^[ \t]*>>> ", re.MULTILINE)


def doctest_file(path: str, text: str) -> bool:
    """Are the ``>>>`` lines of the non-Python file ``path`` doctest examples, read as code: in documentation prose,
    or in a file of any other name whose lines open with the prompt (markdown2's ``test/api.doctests``, which its
    suite gives to ``doctest.DocFileTest``)?

    Returns:
        ``True`` when its prompt lines are code.
    """
    return ">>>" in text and (is_prose_file(path) or _PROMPT_LINE.search(text) is not None)


def bare_renames(paths: Mapping[str, str], names: Mapping[str, Collection[str]]) -> tuple[dict[str, str], list[str]]:
    """The bare file names of a batch's renamed files (``paths``, old -> new repo-relative paths), split by
    whether the checkout's ``names`` (:func:`files_by_name`) attribute them: ``"core.py"`` when no other
    Python file is named so (glom's traceback tests name each frame's file so: ``File "core.py", line``),
    else a name for a person (``models.py`` of two packages). A file at the root is named by its path.

    Returns:
        (old bare name -> new, the renamed files' names that several files share).
    """
    unique: dict[str, str] = {}
    shared: list[str] = []
    for old, new in paths.items():
        base, new_base = old.rpartition("/")[2], new.rpartition("/")[2]
        if "/" not in old or not base.endswith(".py") or base == new_base:
            continue
        if len(names.get(base, ())) > 1:
            shared.append(base)
        else:
            unique[base] = new_base
    return unique, sorted(set(shared))


def package_relative(holder: str, paths: Mapping[str, str]) -> dict[str, str]:
    """``paths`` (repo-relative, old -> new) and the same paths as the Python file ``holder`` may name them:
    relative to its directory or to one of that directory's parents below the repository root (lark's
    standalone tool reads ``'utils.py'`` and ``'parsers/lalr_parser.py'`` from its package's directory).
    A relative path that two directories give differently is left out, and so is a bare file name: the
    checkout's other files of that name decide whether it is attributed (:func:`bare_renames`).

    Returns:
        old path -> new path, the repo-relative ones first.
    """
    folders: list[str] = []
    folder = holder.rpartition("/")[0]
    while folder:
        folders.append(folder)
        folder = folder.rpartition("/")[0]
    relative: dict[str, str] = {}
    clashes: set[str] = set()
    for old, new in paths.items():
        for folder in folders:
            if old.startswith(folder + "/") and new.startswith(folder + "/"):
                rel, rel_new = old[len(folder) + 1 :], new[len(folder) + 1 :]
                if "/" not in rel:
                    continue
                if relative.setdefault(rel, rel_new) != rel_new:
                    clashes.add(rel)
    return {**paths, **{k: v for k, v in relative.items() if k not in clashes and k not in paths}}


def path_ends_in(text: str, paths: Iterable[str]) -> bool:
    """Whether ``text`` may hold a path :func:`package_relative` gives for ``paths`` (``.py`` left out): each
    ends as one of ``paths`` does, with ``/`` and its file name (a path at the root: the whole path), so a text
    holding none of those ends holds none of the paths (checking them costs a walk of every path's folders)."""
    return any(("/" + old.rpartition("/")[2] if "/" in old else old).removesuffix(".py") in text for old in paths)


def root_relative(paths: Mapping[str, str], roots: Iterable[str], taken: Collection[str]) -> dict[str, str]:
    """``paths`` (repo-relative, old -> new) and the same paths from their source root: a module's file as an
    installed copy or a traceback names it, ``anyio/_core/_sockets.py`` for ``src/anyio/_core/_sockets.py``
    (anyio's tests let blockbuster allow a blocking call with ``can_block_in("anyio/_core/_sockets.py", ...)``,
    matched against the end of a code object's file name). A path some file of the checkout has from the
    repository root (``taken``) is that file's.

    Returns:
        old path -> new path, the repo-relative ones first.
    """
    prefixes = [f"{root}/" for root in roots if root not in ("", ".")]
    below = {
        old[len(prefix) :]: new[len(prefix) :]
        for old, new in paths.items()
        for prefix in prefixes
        if old.startswith(prefix) and new.startswith(prefix) and "/" in old[len(prefix) :]
    }
    return {**paths, **{k: v for k, v in below.items() if k not in paths and k not in taken}}


def _emphasis(line: str, start: int, end: int) -> int:
    """The stars of Markdown's or reST's emphasis around ``line[start:end]`` (``*pkg.mod*``, ``**pkg.mod**``:
    the same run on both sides, no more), else 0: then a star beside the path is a glob's."""
    run = 0
    while run < 3 and start > run and line[start - run - 1] == "*":
        run += 1
    if not run or line[end : end + run] != "*" * run or line[end + run : end + run + 1] == "*":
        return 0
    return 0 if start > run and line[start - run - 1] == "*" else run


def whole_token(line: str, start: int, end: int, module_end: int | None = None) -> bool:
    """Is ``line[start:end]`` (a module path with its ``.attr``/``:attr``) a whole token of a config or docs line?

    Bounded by quotes, spaces, brackets, operators and the like: rewritten exactly. Otherwise (``x-pkg.mod``,
    ``pkg.mod*``) it is part of a longer token or a glob, for a person; ``*pkg.mod*`` and ``**pkg.mod**`` are
    emphasis (Markdown, reST), bounded like the path alone. A glob in the attribute after the
    whole module path (``pkg.mod.publish_*``, ``pkg.mod.*``; ``module_end`` where the path ends) names that
    module exactly.

    Returns:
        ``True`` when the token stands alone.
    """
    run = _emphasis(line, start, end)
    before = line[start - run - 1] if start > run else " "
    after = line[end + run] if end + run < len(line) else " "
    end += run
    if after == "." and (end + 1 >= len(line) or line[end + 1] in _AFTER_STOP):
        after = " "  # a full stop ending a sentence; `pkg.mod.(get|set)_x()`: a shorthand for two names
    if after == "*" and module_end is not None and module_end < end:
        after = " "  # docutils' ``docutils.core.publish_*``: the module is whole, the glob is its attributes'
    elif line.startswith(".*", end) and module_end is not None and module_end <= end:
        after = line[end + 2] if end + 2 < len(line) else " "  # pyasn1's ``(pyasn1.type.univ.*)``: every attribute
    return (before in _START_OK or _opens(line, start - run)) and after in _END_OK
