"""Shared data of the reference codemods: one ``Edit`` per rewritten reference, one ``CodemodResult`` per file.

The codemods compute text; they never write. A file they cannot read is a result
with ``skipped`` set, not an exception, so a batch over thousands of files reports
the odd broken file instead of stopping on it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from planner.doctest_text import DOCTEST_LINE as _DOCTEST
from planner.module_attributes import Attributes
from planner.source_imports import SourceImports, rewrite_c_imports


@dataclass(frozen=True)
class Edit:
    """One rewritten reference.

    ``kind`` says what held it (``mock.patch``, ``import_module``, ``__all__``, ``annotation``,
    ``type-comment``, ``doctest``, ``sphinx-role``, ``string``, ``entry-point``, ``automodule``,
    ``python-m``, ``coverage-source``, ``path`` ...); ``string`` marks a plain constant a human should
    review. ``line`` is 1-based in the original text.
    """

    path: str
    line: int
    kind: str
    old: str
    new: str


@dataclass(frozen=True)
class CodemodResult:
    """The outcome of one codemod on one file; ``code`` equals the input when nothing changed."""

    code: str
    changed: bool
    edits: tuple[Edit, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())
    skipped: str | None = None


def unchanged(code: str, *, skipped: str | None = None, warnings: Iterable[str] = ()) -> CodemodResult:
    """A result that leaves ``code`` as it is.

    Returns:
        ``CodemodResult`` with ``changed=False`` and no edits.
    """
    return CodemodResult(code, False, (), tuple(warnings), skipped)


@dataclass(frozen=True)
class Hit:
    """One whole-word occurrence of an old module name in a text (``match``-like accessors)."""

    begin: int
    finish: int
    text: str

    def start(self) -> int:
        """Returns: offset of the first character."""
        return self.begin

    def end(self) -> int:
        """Returns: offset just past the old name (a ``.attr``/``:attr`` may follow)."""
        return self.finish

    def group(self, _index: int = 0) -> str:
        """Returns: the old module name as it occurs."""
        return self.text


@dataclass(frozen=True)
class Renames:
    """A batch's module renames, ready for exact dotted-path matching (longest old prefix wins).

    Built for thousands of names: occurrences are found with one small pattern over the distinct
    first segments (usually one top-level package) and set lookups, never an alternation of every
    old name, so the cost per file is one scan of its text.
    """

    mapping: Mapping[str, str]
    _tokens: re.Pattern[str] = field(repr=False, compare=False)
    _tails: re.Pattern[str] = field(repr=False, compare=False)
    #: old paths that are also entry-point group names: never matched as a whole token on their own
    kept: frozenset[str] = frozenset()
    #: what may follow a module's path (planner/module_attributes.py): ``api.example.com`` is no ``api.example``
    space: Attributes | None = field(default=None, compare=False)
    #: Python source or a Python string: a shadowed submodule's path standing alone is its package's object, left
    objects: bool = False

    @classmethod
    def of(cls, mapping: Mapping[str, str]) -> Renames:
        """Build the matcher for ``mapping`` (old dotted module -> new dotted module).

        Returns:
            A ``Renames`` whose ``prefilter``, ``find`` and ``rewrite`` use the whole mapping
            (cached: one batch's mapping is compiled once, however many files it runs over).
        """
        return _compiled(tuple(sorted(mapping.items())))

    def keeping(self, groups: Collection[str]) -> Renames:
        """This matcher, leaving alone each old path that is also an entry-point group name
        (planner/entry_point_groups.py) where it stands alone: ``"pkg.plugins"`` stays, ``pkg.plugins.x``
        and ``pkg.plugins:x`` are still rewritten.

        Returns:
            ``self`` when no group is an old path, else a copy with those paths kept.
        """
        kept = self.mapping.keys() & set(groups)
        return dataclasses.replace(self, kept=frozenset(kept)) if kept else self

    def knowing(self, space: Attributes | None) -> Renames:
        """This matcher, finding a module's path only where what follows it may be the module's: not a file named
        after it (``"pkg.cli.pkl"``), not a host name after a top-level module (``api.example.com``).

        Returns:
            ``self`` when ``space`` is None, else a copy that asks it.
        """
        return dataclasses.replace(self, space=space) if space is not None else self

    @property
    def code(self) -> Renames:
        """This matcher for Python source (generated code, a doctest): an import names the module, never a group, and a
        shadowed submodule's path standing alone is its package's object (:attr:`python`).

        Returns:
            A copy, or ``self`` when it already reads so.
        """
        return dataclasses.replace(self, kept=frozenset(), objects=True) if self.kept or not self.objects else self

    @property
    def python(self) -> Renames:
        """This matcher for a Python file's strings and comments: a shadowed submodule's path standing alone there is
        the object its package binds (planner/module_attributes.py's ``names_object``); a configuration or
        documentation file's line does not read so (a directive, ``python -m`` take the module).

        Returns:
            A copy that reads so, or ``self``.
        """
        return self if self.objects else dataclasses.replace(self, objects=True)

    def prefilter(self, text: str) -> bool:
        """Cheap whole-word test: can ``text`` hold a reference to any old module at all?

        Returns:
            ``False`` when no old dotted name occurs as a whole word, so parsing can be skipped.
        """
        return next(iter(self.find(text)), None) is not None

    def tail_words(self, text: str) -> bool:
        """Does ``text`` contain the last segment of a dotted old name as a whole word?

        Returns:
            ``True`` when a relative reference (``__all__``, ``import_module(".mod")``) may be there.
        """
        return self._tails.search(text) is not None

    def rewrite(self, dotted: str, *, colon: bool = True) -> str | None:
        """The rewritten form of ``dotted`` when it is an old module or starts with one plus ``.``/``:``.

        ``pkg.mod``, ``pkg.mod.func`` and ``pkg.mod:func`` match ``pkg.mod``; ``pkg.models``,
        ``pkgXmod`` and ``pkg.mod_utils`` do not. The longest matching old name wins.

        Returns:
            The new string, or ``None`` when ``dotted`` is no exact dotted-path match.
        """
        path = dotted.partition(":")[0] if colon else dotted
        old = self._longest(path)
        if old is None or (old in self.kept and dotted == old):
            return None
        return self.mapping[old] + dotted[len(old) :]

    def _longest(self, path: str) -> str | None:
        end = len(path)
        while end > 0:
            if path[:end] in self.mapping:
                return path[:end]
            end = path.rfind(".", 0, end)
        return None

    def _through(self, text: str, end: int, old: str) -> bool:
        """Is a kept group's token, ending at ``end``, a path through its module: ``:attr`` with a name the module
        binds (or may bind)? ``"WARNING:pkg.plugins:Multiple ..."``, logging's line of the group's logger, is not.
        """
        attribute = _COLON_NAME.match(text, end)
        if attribute is None:
            return False
        names = self.space.names(old) if self.space is not None else None
        return names is None or attribute.group(1) in names

    def find(self, text: str) -> Iterator[Hit]:
        """Whole-word occurrences of old module names in ``text`` (not preceded by a word char or dot).

        Returns:
            An iterator of hits; each may still be followed by ``.attr`` or ``:attr``.
        """
        for token in self._tokens.finditer(text):
            old = self._longest(token.group(0))
            if old is None or (
                old in self.kept and token.group(0) == old and not self._through(text, token.end(), old)
            ):
                continue
            if self.space is None or (
                self.space.takes(text, token.start(), old)
                and not (self.objects and self.space.names_object(text, token.start(), old))
            ):
                yield Hit(token.start(), token.start() + len(old), old)

    def sub(self, text: str) -> str:
        """Replace every whole dotted occurrence of an old module in code-like ``text``.

        Returns:
            The rewritten text.
        """
        out: list[str] = []
        position = 0
        for hit in self.find(text):
            out.append(text[position : hit.start()] + self.mapping[hit.group()])
            position = hit.end()
        return "".join(out) + text[position:] if out else text


_NEVER = re.compile(r"(?!x)x")
_COLON_NAME = re.compile(r":([A-Za-z_]\w*)")  # ``pkg.plugins:BUILTIN``: a path through the module


@lru_cache(maxsize=8)
def _compiled(items: tuple[tuple[str, str], ...]) -> Renames:
    mapping = dict(items)
    heads = sorted({old.partition(".")[0] for old in mapping}, key=len, reverse=True)
    tails = sorted({old.rpartition(".")[2] for old in mapping if "." in old}, key=len, reverse=True)
    tokens = (
        re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, heads)) + r")(?!\w)(?:\.[A-Za-z_]\w*)*")
        if heads
        else _NEVER
    )
    tail_words = re.compile(r"\b(?:" + "|".join(map(re.escape, tails)) + r")\b") if tails else _NEVER
    return Renames(mapping, tokens, tail_words)


#: A dotted path, optionally with a ``:attr`` part (``pkg.mod``, ``pkg.mod.func``, ``pkg.mod:func``).
DOTTED_TOKEN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?")
#: A Sphinx role: ``:func:`pkg.mod.f```, ``:py:mod:`~pkg.mod```, ``:class:`Title <pkg.mod.K>```.
#: It starts at a colon no name character or colon precedes (as Sphinx reads a role): from each colon
#: of ``:a:a:a...`` it rescanned the line (a docstring line of them hung ``review``, review 19).
ROLE = re.compile(r"(?<![\w:-])(:(?:[\w-]+:)+`)([^`\n]+)(`)")
_ROLE_TARGET = re.compile(r"^(?P<head>.*<)(?P<path>[^<>]+)(?P<tail>>\s*)$|^(?P<mark>[~!]?)(?P<bare>.+)$", re.S)


def sub_code(code: str, renames: Renames, imports: SourceImports | None = None) -> str:
    """Rewrite module references in a line of Python code (a doctest line, a type comment).

    Dotted occurrences are replaced whole; ``from pkg import mod`` keeps its local name as
    ``from pkg import newmod as mod``, the same policy as the import rewriting. A submodule its package shadows is
    that object there, and where its path stands alone (planner/module_attributes.py): left. ``imports`` reads the lines of one
    source given one after another: a statement that goes on over them (``from pkg import (`` up to ``)``, or after
    a backslash) has its names on the next lines too (planner/source_imports.py).

    Returns:
        The rewritten code (equal to ``code`` when nothing matched).
    """
    names = (imports if imports is not None else SourceImports()).names(code, [(0, len(code))])
    if renames.space is not None and renames.space.shadowed:  # ``from pkg import slug``: the package's object
        names = [n for n in names if f"{n.source}.{n.name}" not in renames.space.shadowed]
    if names:
        code = rewrite_c_imports(code, names, renames.mapping)[0]
    return renames.sub(code)


#: ``__import__('pkg.mod')._mod.name``: the call returns the top package, the chain walks back down.
_DUNDER_IMPORT = re.compile(
    r"""__import__\(\s*(?P<q>['"])(?P<dotted>[\w.]+)(?P=q)\s*\)(?P<chain>(?:\.[A-Za-z_]\w*)*)"""
)
_IMPORT_MODULE = re.compile(r"""import_module\(\s*(?P<q>['"])(?P<dotted>[\w.]+)(?P=q)""")
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+[\w.]+\s+import\s|import\s+[\w.]+)", re.MULTILINE)


def looks_like_code(text: str) -> bool:
    """A string holding Python source (for ``exec``/``compile``/code generation): it imports."""
    return "__import__(" in text or "import_module(" in text or _IMPORT_LINE.search(text) is not None


def sub_code_string(text: str, renames: Renames) -> str:
    """Rewrite module references in a string of Python source (code generation, ``exec``).

    ``__import__('pkg.mod')._mod`` returns the package ``pkg`` and walks back down to the module: the
    chain is rewritten with the dotted name (attrs' generated ``__init__`` does exactly this). Import
    lines keep their local names like the import rewriting; other dotted occurrences are replaced whole.

    Returns:
        The rewritten text (equal to ``text`` when nothing matched).
    """

    renames = renames.code

    def dunder(match: re.Match[str]) -> str:
        old = match.group("dotted")
        new = renames.rewrite(old, colon=False)
        if new is None:
            return match.group(0)
        old_parts, new_parts = old.split(".")[1:], new.split(".")[1:]
        chain = match.group("chain").split(".")[1:]
        if chain[: len(old_parts)] == old_parts:
            chain = new_parts + chain[len(old_parts) :]
        q = match.group("q")
        return f"__import__({q}{new}{q})" + "".join(f".{c}" for c in chain)

    text = _DUNDER_IMPORT.sub(dunder, text)
    # Lines end with a real newline, or with the two characters \n inside a one-line literal.
    pieces = re.split(r"(\n|\\n)", text)
    imports = SourceImports()  # ``from pkg import (`` goes on over the next lines
    return "".join(piece if index % 2 else sub_code(piece, renames, imports) for index, piece in enumerate(pieces))


#: The roles whose target is a module (planner/doc_directives.py)
_MODULE_ROLES = frozenset({":mod:`", ":py:mod:`"})


def sub_roles(text: str, renames: Renames) -> str:
    """Rewrite the targets of Sphinx roles in ``text`` on an exact dotted match.

    A renamed top-level module's bare name (``tool``) is rewritten in a module role only (``:mod:`tool```,
    ``:py:mod:`~tool```, planner/doc_directives.py): ``:ref:`tool``` is a label, ``:func:`tool``` a function.

    Returns:
        ``text`` with ``:func:`pkg.mod.f``` (also ``~``/``!`` and ``Title <target>`` forms) rewritten.
    """

    def role(match: re.Match[str]) -> str:
        target = _ROLE_TARGET.match(match.group(2))
        assert target is not None  # the pattern's second branch matches any non-empty text
        if target.group("path") is not None:
            new = renames.rewrite(target.group("path").strip(), colon=False)
            if new is None:
                return match.group(0)
            inner = target.group("head") + new + target.group("tail")
        else:
            new = renames.rewrite(target.group("bare"), colon=False)
            if new is None or ("." not in target.group("bare") and match.group(1) not in _MODULE_ROLES):
                return match.group(0)  # ``:ref:`tool```: a bare name is a module in a module role only
            inner = target.group("mark") + new
        return match.group(1) + inner + match.group(3)

    return ROLE.sub(role, text)


def role_follow_ups(raw: str, renames: Renames, *, path: str, first_line: int) -> list[str]:
    """A warning per line of a docstring's raw text whose role other than ``:mod:`` has a renamed top-level module's
    bare name as its target (``:func:`tool```, ``:ref:`tool```): :func:`sub_roles` leaves it, a word or the module."""
    warnings: list[str] = []
    for number, line in enumerate(raw.split("\n") if ":`" in raw else ()):
        found: list[str] = []
        for match in ROLE.finditer(line):
            target = _ROLE_TARGET.match(match.group(2))
            bare = (target.group("path") or target.group("bare") or "").strip() if target is not None else ""
            if "." not in bare and match.group(1) not in _MODULE_ROLES and renames.rewrite(bare, colon=False):
                found.append(bare)
        warnings += [
            f"{path}:{first_line + number}: manual follow-up: a role's target is a renamed module's bare name outside "
            f"a :mod: role: {bare!r} in {line.strip()!r}"
            for bare in dict.fromkeys(found)
        ]
    return warnings


def rewrite_docstring(
    raw: str,
    renames: Renames,
    *,
    path: str,
    first_line: int,
    files: Callable[[str, int], str] | None = None,
) -> tuple[str, list[Edit], list[str]]:
    """Rewrite doctest lines and Sphinx roles of a docstring's raw text; ``files(line, number)`` rewrites
    the renamed files a doctest's code or expected output names (``'urlutils.py'``), prose or not.

    Returns:
        The new raw text, one ``Edit`` per changed line (kind ``doctest`` or ``sphinx-role``) and
        a warning per line that mentions an old module elsewhere (prose: manual follow-up).
    """
    edits: list[Edit] = []
    warnings: list[str] = []
    out: list[str] = []
    in_example = False  # after a >>> line, up to a blank line: the example's expected output
    imports = SourceImports()  # the examples' source: ``>>> from pkg import (`` goes on on its ``...`` lines
    for number, line in enumerate(raw.split("\n")):
        doctest = _DOCTEST.match(line)
        if doctest is None:
            imports.open = None  # the example's output or the prose after it ends its statement
        if doctest is not None:
            new = line[: doctest.start("code")] + sub_code(doctest.group("code"), renames.code, imports)
            new = files(new, first_line + number) if files is not None else new
            kind, rest = "doctest", ""
            in_example = True
        elif in_example and line.strip():
            # Expected output names what the code prints at run time: ``pkg.mod.Error: ...`` in a
            # traceback, ``<class 'pkg.mod.Klass'>``: after the rename it prints the new name.
            new = renames.sub(line)
            new = files(new, first_line + number) if files is not None else new
            kind, rest = "doctest-output", ""
        else:
            in_example = False
            new = sub_roles(line, renames)
            kind, rest = "sphinx-role", ROLE.sub("", new)
        if new != line:
            edits.append(Edit(path, first_line + number, kind, line.strip(), new.strip()))
        if rest and renames.prefilter(rest):
            warnings.append(
                f"{path}:{first_line + number}: manual follow-up: docstring mentions a renamed "
                f"module outside a role or doctest: {line.strip()!r}"
            )
        out.append(new)
    return "\n".join(out), edits, warnings


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``.

    Returns:
        The line number.
    """
    return text.count("\n", 0, offset) + 1
