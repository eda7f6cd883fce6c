"""Where a module path found in a text is a whole token, and where it is only part of a file's name or path.

The plan (planner/file_references.py, planner/path_mentions.py, planner/module_attributes.py) and apply
(codemods/string_tokens.py, codemods/script_lines.py, codemods/config_line_refs.py) ask the same bounds:
``pkg.mod`` standing alone is the module, ``x-pkg.mod`` or ``pkg.mod*`` a longer token or a glob (for a
person), ``reference/pkg.mod.md`` or ``dir/pkg.mod`` a file's name (no reference), ``"pkg.mod"`` in a C
source a string literal (code).
"""

from __future__ import annotations

import re

from planner.escape_bounds import escape_before

__all__ = ["c_string", "in_file_path", "names_a_file", "path_part", "whole_token"]


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


# "(": a call in prose, ``pkg.mod.run()``; ":" ends a traceback's name; "…": an ellipsis (pluginbase's docs)
# "\n" "\r": the line end between a notebook cell's strings the plan reads as one line (planner/code_files.py)
_END_OK = frozenset(" \t\r\n\"'`)]},;>[#=|&(:<»›”’…")
# after ``pkg.mod.``: a sentence's end, a shorthand ``pkg.mod.(get|set)_x``, a ``.po`` string's escaped line end, or
# the module's prefix closed by a tag (Sphinx's signatures, ``<span class="pre">pkg.mod.</span>``); a quoted
# ``"pkg.mod."`` is a prefix of keys, data (planner/module_attributes.py)
_AFTER_STOP = frozenset(" \t({\\<")
_START_OK = frozenset(
    " \t\r\n\"'`([{,=<>~!:|&@+%^#«‹“‘"
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
    emphasis (Markdown, reST), bounded like the path alone. A glob or a ``{placeholder}`` in the attribute after
    the whole module path (``pkg.mod.publish_*``, ``pkg.mod.*``, ``pkg.mod.pbkdf2_{digest}``; ``module_end``
    where the path ends) names that module exactly.

    Returns:
        ``True`` when the token stands alone.
    """
    run = _emphasis(line, start, end)
    before = line[start - run - 1] if start > run else " "
    after = line[end + run] if end + run < len(line) else " "
    end += run
    if after == "." and (end + 1 >= len(line) or line[end + 1] in _AFTER_STOP):
        after = " "  # a full stop ending a sentence; `pkg.mod.(get|set)_x()`: a shorthand for two names
    elif line.startswith("...", end):
        after = " "  # an ellipsis, ``pkg._space._sp7...be4`` (pluginbase's docs): no dotted name has two dots running
    if after in "*{" and module_end is not None and module_end < end:
        # docutils' ``docutils.core.publish_*``, passlib's ``passlib.hash.pbkdf2_{digest}``: the module is whole,
        # the glob or the placeholder is its attributes'
        after = " "
    elif line.startswith(".*", end) and module_end is not None and module_end <= end:
        # pyasn1's ``(pyasn1.type.univ.*)``: every attribute; sphinx-paramlinks' anchors ``pkg.mod.f.params.*args``,
        # ``.params.**kw``, and ``pkg.mod.*Mixin``: an attribute's glob or a star parameter, the module whole
        rest = end + 1
        while rest < len(line) and (line[rest] == "*" or line[rest] == "_" or line[rest].isalnum()):
            rest += 1
        after = line[rest] if rest < len(line) else " "
    # ``banner = "loaded:\npkg.mod"``: an escape's letter before the path bounds it (planner/escape_bounds.py)
    starts = before in _START_OK or _opens(line, start - run) or escape_before(line, start - run)
    return starts and after in _END_OK
