"""The string codemod's prefilter: can a file hold anything codemods/rewrite_string_refs.py rewrites?

A libcst parse with metadata is about 50x the cost of tokenizing, and most files of a batch only import
the renamed modules (Rope's business): this screen keeps them from being parsed at all.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from functools import lru_cache

from codemods.base import Renames
from codemods.import_chains import named_renames
from codemods.string_tokens import has_escaped, regex_group_renamed, sub_escaped
from planner.template_tags import EVERY_TAG

__all__ = ["TYPE_COMMENT", "imports_renamed", "names_parts", "names_relative", "needs_parse", "splits_path"]

TYPE_COMMENT = re.compile(r"#\s*type:(?!\s*ignore\b)")
#: A string that starts with a relative module path (``".othermodule:Other"``, apipkg's table), from its prefix
#: and quotes: the dotted path is group 1 (an object after ``:`` is not part of it).
_RELATIVE_STRING = re.compile(r"(?<!\w)[rRbBuU]{0,2}(?:'''|\"\"\"|'|\")(\.+[A-Za-z_][\w.]*)")
#: ``from pkg import (\n    a,\n    b,\n)`` (its names: group 2, up to the ``)``) and ``from pkg import a, b`` (group 3)
_FROM_IMPORT = re.compile(r"\bfrom[ \t]+([\w.]+)[ \t]+import(?:[ \t]*(\([^)]*+)|[ \t]+([\w \t,]+))")
_NAME = re.compile(r"[A-Za-z_]\w*")
#: ``as`` and the name it binds, on one line
_ALIAS = re.compile(r"\bas[ \t]+[A-Za-z_]\w*")


def imports_renamed(text: str, renames: Renames) -> bool:
    """Does ``text`` hold ``from pkg import mod`` of a renamed ``pkg.mod``, a path no dotted token spells?

    A doctest's ``>>> from boltons import ioutils`` or generated source names the module only this way.

    Returns:
        ``True`` when some ``from X import a, b as c`` names a renamed ``X.a``.
    """
    if "import" not in text or not renames.tail_words(text):
        return False
    for match in _FROM_IMPORT.finditer(text):
        source = match.group(1)
        names = match.group(2) or match.group(3)  # in parentheses: maybe ``\n`` escapes of a one-line literal
        # ``b as mod`` binds ``mod`` to ``X.b``, not ``X.mod``: what a rename's kept binding reads, the import
        # of the new name (``from pkg import new_mod as mod``)
        imported = _ALIAS.sub(" ", names.replace("\\n", " "))
        if any(f"{source}.{name}" in renames.mapping for name in _NAME.findall(imported)):
            return True
    return False


def names_relative(text: str, renames: Renames) -> bool:
    """Does ``text`` hold a string opening with a relative module path through a renamed module's base name
    (``".core"``, ``"..core.rules:Rule"``)? Only such a string can name a renamed module relative to a package
    (codemods/module_scope.py's ``resolve_relative``: renamed modules are files, never the package a path is
    relative to); a file that holds some relative string and the base name elsewhere (82 of sympy's 1,543
    files, ``__name__`` and ``".T"`` and a docstring's "core") has nothing there for the string pass.

    Returns:
        ``True`` when such a string is in ``text``.
    """
    return any(renames.tail_words(match.group(1)) for match in _RELATIVE_STRING.finditer(text))


#: A run of quoted identifiers separated by commas (comments and new lines between them), as a list or tuple of a
#: module path's parts spells it: ``["pkg", "mod"]``, ``("pkg",\n "mod")``, ``parts = 'pkg', 'mod'``.
_QUOTED = r"""[rRuU]?["']{1,3}([A-Za-z_]\w*)["']{1,3}"""
#: What may stand between the parts and the comma: white space and whole comments, each read one way only and
#: never given back (possessive): a separator that could split a comment's text several ways (``(\s|#[^\n]*)*`` on
#: a ``###`` banner or comment lines ending in a space) made a failing match try every split, 2**n of them.
_GAP = r"(?:\s++|#[^\n]*+)*+"
_PARTS = re.compile(_QUOTED + r"(?:" + _GAP + "," + _GAP + _QUOTED + ")+")
_COMMENT = re.compile(r"#[^\n]*")


def names_parts(text: str, renames: Renames) -> bool:
    """Does ``text`` hold a renamed module's path as a run of its quoted parts (codemods/module_scope.py's
    ``module_parts``: ``["pkg", "mod"]``), a path no dotted token spells?

    Returns:
        ``True`` when some run's words joined with ``"."`` are a renamed module's whole path.
    """
    if not renames.tail_words(text):
        return False
    for match in _PARTS.finditer(text):
        if ".".join(re.findall(_QUOTED, _COMMENT.sub("", match.group(0)))) in renames.mapping:
            return True
    return False


#: Calls whose string may be a renamed module's last part alone.
_TAIL_CALLS = (
    "import_module",
    "__import__",
    "patch.object",
    "setattr",
    "delattr",
    "getattr",
    "hasattr",
    "sys.modules[",
    "vars(",  # ``vars(pkg)["mod"]``, ``pkg.__dict__.get("mod")``, ``attrgetter("mod.V")(pkg)``: attribute_reads.py
    "__dict__",
    "attrgetter(",
)


#: a chain of attributes read off a name: the name (group 1, no attribute itself) and the attributes (group 2)
_READ_OFF_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)((?:[\s\\]*\.[\s\\]*[A-Za-z_]\w*)+)")
#: a dot before a comment (``x.  # note``), and a line going on with an attribute or a target's end (``.m1``, ``) =``)
_DOT_COMMENT = re.compile(r"\.[ \t\\]*#")
_GOES_ON = re.compile(r"^[ \t\\)\]]*+[.,:=]", re.MULTILINE)


def _comment_inside(source: str) -> bool:
    """Might a comment stand inside a chain of attributes or a target (``(x  # note\n .m1)``, ``x.  # c\n m1``,
    ``(x  # c\n) = call``)? The screens of :func:`reads_held_import` read none (each word of a comment would start a
    read running over the comments below it: time growing with the square of their number); such a file is asked of
    the rule itself. Read once, line by line."""
    if _DOT_COMMENT.search(source):
        return True
    for line in _GOES_ON.finditer(source):
        end = line.start() - 1  # the previous line's end; blank lines above are passed over
        while end > 0:
            start = source.rfind("\n", 0, end) + 1
            if source[start:end].strip(" \t\\\r"):
                if "#" in source[start:end]:
                    return True
                break
            end = start - 1
    return False


def reads_held_import(source: str, renames: Renames, package: str | None) -> bool:
    """Does ``source`` read a renamed submodule off a name bound to an import call's result (planner/import_names.py
    follows ``x = __import__("pkg.m1")`` to ``x.m1``), one that apply writes?

    The rule itself, not a guess at it: where some name has a chain of attributes naming an old name's last segment,
    the file's ``ast`` is asked what codemods/import_chains.py's ``named_renames`` would write, the positions the plan
    lists (``import-attribute``) whatever shape the statement binding the name has (parentheses opening lines above
    the call: a screen of the call's line and the two before it skipped that file, which the plan listed). An ``ast``
    parse is a fraction of libcst's with metadata: a file importing ``numpy`` by ``import_module`` and reading
    ``np.random`` (sympy's ``sympy.core.random`` renamed) is not parsed by libcst for it.

    Returns:
        ``True`` when the file must be parsed for such a read.
    """
    if not renames.tail_words(source):
        return False
    if _comment_inside(source):
        return bool(named_renames(source, package, renames))
    names = {read.group(1) for read in _READ_OFF_NAME.finditer(source) if renames.tail_words(read.group(2))}
    if not names:
        return False
    # a name such a rule follows is a target: ``x =``, ``x: T =``, ``x :=``, ``(x) =``, ``x, y =``, ``[x, y] =``
    targets = r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(names))) + r")[\s\\)\]]*(?:[,:]|=(?!=))"
    return re.search(targets, source) is not None and bool(named_renames(source, package, renames))


@lru_cache(maxsize=8)
def _split_heads(olds: tuple[str, ...]) -> re.Pattern[str]:
    heads = {old[: i + 1] for old in olds for i, c in enumerate(old) if c == "."}
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) + r")[\"']")


def splits_path(source: str, olds: Iterable[str]) -> bool:
    """Does a string part of ``source`` end with a renamed module's path up to one of its dots (``"pkg."``,
    ``'pkg.sub.'``)? An implicit concatenation split there (``mock.patch("pkg." "m1.V")``) spells no dotted token,
    and the string pass reads it as the one string the plan lists (codemods/concatenated_strings.py); the same
    heads as codemods/refs.py's ``_candidates``.

    Returns:
        ``True`` when the file must be parsed for such a concatenation.
    """
    dotted = tuple(sorted(old for old in olds if "." in old))
    return bool(dotted) and _split_heads(dotted).search(source) is not None


def _package(module: str | None, is_package: bool) -> str | None:
    """The package a file's relative paths count from (codemods/string_contexts.py's ``_package``)."""
    return module if module is None or is_package else module.rpartition(".")[0]


def needs_parse(source: str, renames: Renames, module: str | None, is_package: bool, prose: bool = True) -> bool:
    """Prefilter: can ``source`` hold any reference this codemod rewrites?

    First a whole-word text scan; then, since an import statement alone is Rope's business, the
    tokenizer (about 50x cheaper than a libcst parse with metadata) checks that a name really
    occurs in a string or a type comment.
    """
    # a bare base name in any string: an attribute (``setattr(pkg, "mod", ...)``), a parent's submodule, a relative
    # ``__import__("mod", globals(), None, [], 1)``
    attribute = renames.tail_words(source) and (
        (is_package and module is not None and any(old.rpartition(".")[0] == module for old in renames.mapping))
        or any(word in source for word in _TAIL_CALLS)
    )
    # a relative path given the package (``symbol_by_name(".mod:X", package="pkg")``, a table with ``__name__``)
    relative = ("__name__" in source or "__package__" in source or "package=" in source) and names_relative(
        source, renames
    )
    escaped = has_escaped(source) and (
        sub_escaped(source, renames) != source
        or sub_escaped(source, renames.spelled(doubled=True)) != source  # ``"\\bpkg\\.mod"``: escape_bounds.py
        or regex_group_renamed(source, renames)
    )
    children = (
        {old.rpartition(".")[2] for old in renames.mapping if old.rpartition(".")[0] == module}
        if attribute and is_package
        else set()
    )
    imported = imports_renamed(source, renames)  # an import statement, or one in a doctest or a code string
    if names_parts(source, renames):  # ``["pkg", "mod"]``: no dotted token spells the path
        return True
    if ("import_module" in source or "__import__" in source) and (
        renames.read_after_call(source) or reads_held_import(source, renames, _package(module, is_package))
    ):
        return True  # ``import_module("pkg").mod``, ``x = __import__("pkg.m1"); x.m1``: import_chains.py
    if splits_path(source, renames.mapping):  # ``mock.patch("pkg." "m1.V")``: the joined text is a path
        return True
    if ("{{" in source or "{%" in source) and not renames.prefilter(source):
        renames = renames.reading(EVERY_TAG)  # a tag's name, which the string's use may make a path (template_uses.py)
    if not attribute and not relative and not escaped and not imported and not renames.prefilter(source):
        return False
    if escaped:
        return True
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in _STRING_TOKENS or (
                token.type == tokenize.COMMENT and (prose or TYPE_COMMENT.match(token.string))
            ):
                if renames.prefilter(token.string) or (attribute and _bare_name(token, renames)):
                    return True
                if relative and names_relative(token.string, renames):
                    return True
                if imported and imports_renamed(token.string, renames):
                    return True
            elif token.type == tokenize.NAME and token.string in children:  # codemods/implicit_submodules.py
                return True
    except (tokenize.TokenError, SyntaxError):
        return True  # let libcst parse it and report the syntax error
    return False


#: A literal whose whole value is a dotted name, maybe relative or naming an object (``"core"``, ``".core"``,
#: ``"sub.core:Obj"``).
_NAME_LITERAL = re.compile(r"[rRuU]?('''|\"\"\"|'|\")\.*[^\W\d]\w*(?:\.[^\W\d]\w*)*(?::[\w.]*)?\1")


def _bare_name(token: tokenize.TokenInfo, renames: Renames) -> bool:
    """Can ``token`` name a renamed module by its last part alone (``getattr(pkg, "mod")``, ``__all__``, a relative
    ``__import__("mod", ..., 1)``, a table's entry)? A plain string literal can only when its whole value is a dotted
    name: prose and messages (``"the core of it"``, sympy's docstrings in files that call ``getattr``) cannot, and
    libcst parsed such files for nothing. F-strings, bytes and comments are asked as before."""
    prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))].lower()
    if (
        token.type == tokenize.STRING
        and "f" not in prefix
        and "b" not in prefix
        and not _NAME_LITERAL.fullmatch(token.string)
    ):
        return False
    return renames.tail_words(token.string)


#: Tokens that hold string text: f-strings are split into parts from Python 3.12 on.
_STRING_TOKENS = frozenset({tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)})
