"""Shared data of the reference codemods: one ``Edit`` per rewritten reference, one ``CodemodResult`` per file,
and :class:`Renames`, the batch's renames as the codemods match them in text. Code held as text is rewritten by
codemods/code_strings.py, docstrings (doctests, Sphinx roles) by codemods/docstrings.py.

The codemods compute text; they never write. A file they cannot read is a result
with ``skipped`` set, not an exception, so a batch over thousands of files reports
the odd broken file instead of stopping on it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from planner.endpoint_names import endpoint_value
from planner.escape_bounds import GLUED, tokens
from planner.module_attributes import Attributes
from planner.template_placeholders import placeholder_before
from planner.template_tags import TagUse, tag_context


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
    #: the new spelling when it is not the mapping's: ``pkg.sub:WF1_..._mod`` for ``pkg.sub:mod`` (a colon chain)
    new: str = ""

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
    _chained: re.Pattern[str] = field(repr=False, compare=False)
    #: ``_tokens`` glued to an escape's last letter (``"loaded:\\npkg.mod"``): planner/escape_bounds.py's ``tokens``
    _glued: re.Pattern[str] = field(repr=False, compare=False)
    #: old paths that are also entry-point group names: never matched as a whole token on their own
    kept: frozenset[str] = frozenset()
    #: whole dotted tokens past an old path kept as written: explicit identity names (planner/identity_names.py)
    held: frozenset[str] = frozenset()
    #: what may follow a module's path (planner/module_attributes.py): ``api.example.com`` is no ``api.example``
    space: Attributes | None = field(default=None, compare=False)
    #: Python source or a Python string: a shadowed submodule's path standing alone is its package's object, left
    objects: bool = False
    #: the length of the longest old name: no longer prefix of a path can be one
    width: int = field(default=0, compare=False)
    #: the text is a Python string's source that is not raw: an escape before a path is read as its value reads
    #: (planner/escape_bounds.py: ``"\\bpkg\\.mod"`` is the regex ``\bpkg\.mod``)
    doubled: bool = False
    #: how the Python string read now reads its template tags (planner/template_uses.py); None: as any text
    tags: TagUse | None = field(default=None, compare=False)

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
        # ``@task(name="pkg.tasks.mul")``: an identity name past an old path, kept where it stands as a whole token
        held = frozenset(g for g in groups if g not in self.mapping and self._longest(g) is not None)
        return dataclasses.replace(self, kept=frozenset(kept), held=held) if kept or held else self

    def without(self, names: Collection[str]) -> Renames:
        """This matcher less the renames of ``names`` (source that reads a kept binding: planner/namespace_sources.py).

        Returns:
            A copy matching the other old paths the same way.
        """
        mapping = {old: new for old, new in self.mapping.items() if old not in names}
        return dataclasses.replace(
            Renames.of(mapping),
            kept=self.kept & mapping.keys(),
            held=self.held,
            space=self.space,
            objects=self.objects,
            doubled=self.doubled,
        )

    def reading(self, tags: TagUse | None) -> Renames:
        """This matcher, reading a template's tags in the text as ``tags`` says (a Python string's use:
        planner/template_uses.py).

        Returns:
            ``self`` when it already reads so, else a copy.
        """
        return self if tags == self.tags else dataclasses.replace(self, tags=tags)

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

    def spelled(self, *, doubled: bool) -> Renames:
        """This matcher for a Python string's source, ``doubled`` when the string is not raw (planner/escape_bounds.py).

        Returns:
            A copy that reads so, or ``self``.
        """
        return self if self.doubled == doubled else dataclasses.replace(self, doubled=doubled)

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
        return next(iter(self.find(text, either=True, screen=True)), None) is not None

    def tail_words(self, text: str) -> bool:
        """Does ``text`` contain the last segment of a dotted old name as a whole word?

        Returns:
            ``True`` when a relative reference (``__all__``, ``import_module(".mod")``) may be there.
        """
        return self._tails.search(text) is not None

    def read_after_call(self, text: str) -> bool:
        """Does ``text`` read an old name's last segment as an attribute straight off a call's result
        (``import_module("pkg").mod``, ``__import__("pkg.sub.mod").sub.mod``)?

        Returns:
            ``True`` when codemods/import_chains.py may have an attribute to rename there.
        """
        return self._chained.search(text) is not None

    def rewrite(self, dotted: str, *, colon: bool = True) -> str | None:
        """The rewritten form of ``dotted`` when it is an old module or starts with one plus ``.``/``:``.

        ``pkg.mod``, ``pkg.mod.func`` and ``pkg.mod:func`` match ``pkg.mod``; ``pkg.models``,
        ``pkgXmod`` and ``pkg.mod_utils`` do not. The longest matching old name wins.

        Returns:
            The new string, or ``None`` when ``dotted`` is no exact dotted-path match.
        """
        path = dotted.partition(":")[0] if colon else dotted
        old = self._longest(path)
        if old is None and colon and ":" in dotted:  # ``pkg.sub:mod.K``: the submodule after the colon
            return self._colon(dotted, len(path))
        if old is None or (old in self.kept and dotted == old):
            return None
        return self.mapping[old] + dotted[len(old) :]

    def _colon_hit(self, text: str, start: int, colon: int) -> Iterator[Hit]:
        """The :class:`Hit` of a colon chain (:meth:`_colon`) whose package's path spans ``start:colon`` of ``text``."""
        chain = _CHAIN.match(text, colon + 1)
        new = self._colon(text[start : chain.end()], colon - start) if chain is not None else None
        old = self._longest(f"{text[start:colon]}.{chain.group(0)}") if chain is not None and new else None
        if chain is not None and new is not None and old is not None:
            yield Hit(start, start + len(old), old, new[: len(new) - (chain.end() - start - len(old))])

    def _colon(self, text: str, colon: int) -> str | None:
        """``text`` (``pkg.sub:mod.K``, its colon at ``colon``) with the renamed module read after the colon given its
        new name, the colon kept (``pkg.sub:WF1_..._mod.K``), as planner/references.py's ``colon_chain`` reads it: a
        chain of attributes from the package, not a submodule its package shadows; else ``None``."""
        chain = _CHAIN.match(text, colon + 1)
        if chain is None or not text[:colon]:
            return None
        joined = f"{text[:colon]}.{chain.group(0)}"
        old = self._longest(joined)
        shadowed = self.space.shadowed if self.space is not None else frozenset()
        if old is None or len(old) <= colon or old in shadowed or not self.mapping[old].startswith(text[:colon] + "."):
            return None
        new = self.mapping[old]
        return f"{new[:colon]}:{new[colon + 1 :]}{text[len(old) :]}"

    def _longest(self, path: str) -> str | None:
        """The longest old name ``path`` starts with (whole dotted parts). Only prefixes no longer than the
        longest old name are tried: each try slices the path, and a 400 KB string of ``pkg.pkg....pkg.mod``
        tried every one of its 100,000 prefixes (quadratic; apply took minutes on a generated table)."""
        end = len(path) if len(path) <= self.width else path.rfind(".", 0, self.width + 1)
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

    def find(self, text: str, *, either: bool = False, screen: bool = False) -> Iterator[Hit]:
        """Whole-word occurrences of old module names in ``text`` (not preceded by a word char or dot, but for an
        escape's letter: planner/escape_bounds.py). ``either``: an escape of a raw or a plain string's source (a
        whole file's screen, :meth:`prefilter`). ``screen``: ``text`` is a file or a string token with its quotes,
        screened (:meth:`prefilter`), where a shadowed submodule's path is not known to stand alone: it is a hit
        (``include("pkg.urls")`` names the module, whose package binds ``urls`` to a tuple; the string's value
        decides, read when the file is parsed).

        Returns:
            An iterator of hits; each may still be followed by ``.attr`` or ``:attr``.
        """
        endpoints = "url_" in text  # read once a text: a call naming an endpoint (planner/endpoint_names.py)
        for token in tokens(text, self._tokens, self._glued, doubled=self.doubled, either=either):
            if self.held and not either and token.group(0) in self.held:
                continue  # ``"pkg.tasks.mul"`` given as ``name=`` to a decorator: the task's identity (a screen
                # still sees it: ``mock.patch("pkg.tasks.mul")`` takes the module's path, rewritten)
            old = self._longest(token.group(0))
            if old is None and text[token.end() : token.end() + 1] == ":":  # ``pkg.sub:mod``: a colon chain
                yield from self._colon_hit(text, token.start(), token.end())
                continue
            if old is None or (
                old in self.kept and token.group(0) == old and not self._through(text, token.end(), old)
            ):
                continue
            if self.space is None and placeholder_before(text, token.start()):
                continue  # ``$pkg.mod``: a Template's placeholder and the text after it (as ``takes`` reads it)
            if self.space is None and tag_context(text, token.start(), self.tags):
                continue  # ``{{cookiecutter.hooks}}``: a template's context, as ``takes`` reads it (one rule)
            if endpoints and endpoint_value(text, token.start()):
                continue  # ``"{{ url_for('auth.login') }}"``: a view's name, as the plan lists it (endpoint_names.py)
            if self.space is None or (
                self.space.takes(text, token.start(), old, self.tags)
                and not (self.objects and not screen and self.space.names_object(text, token.start(), old))
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
            out.append(text[position : hit.start()] + (hit.new or self.mapping[hit.group()]))
            position = hit.end()
        return "".join(out) + text[position:] if out else text


_NEVER = re.compile(r"(?!x)x")
_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")  # what follows ``pkg.sub:``
_COLON_NAME = re.compile(r":([A-Za-z_]\w*)")  # ``pkg.plugins:BUILTIN``: a path through the module


@lru_cache(maxsize=8)
def _compiled(items: tuple[tuple[str, str], ...]) -> Renames:
    mapping = dict(items)
    heads = sorted({old.partition(".")[0] for old in mapping}, key=len, reverse=True)
    tails = sorted({old.rpartition(".")[2] for old in mapping if "." in old}, key=len, reverse=True)
    token = r"(?:" + "|".join(map(re.escape, heads)) + r")(?!\w)(?:\.[A-Za-z_]\w*)*"
    plain = re.compile(r"(?<![\w.])" + token) if heads else _NEVER
    glued = re.compile(GLUED + token) if heads else _NEVER
    tail_words = re.compile(r"\b(?:" + "|".join(map(re.escape, tails)) + r")\b") if tails else _NEVER
    # ``)`` then attributes (across lines and continuations), the last one read an old name's last segment (a name
    # bound to an import call's result: codemods/string_prefilter.py's ``reads_held_import``)
    chained = (
        re.compile(r"\)[\s\\]*(?:\.[\s\\]*\w+[\s\\]*)*\.[\s\\]*(?:" + "|".join(map(re.escape, tails)) + r")\b")
        if tails
        else _NEVER
    )
    return Renames(mapping, plain, tail_words, chained, glued, width=max(map(len, mapping), default=0))


#: A dotted path, optionally with a ``:attr`` part (``pkg.mod``, ``pkg.mod.func``, ``pkg.mod:func``).
DOTTED_TOKEN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?")


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``.

    Returns:
        The line number.
    """
    return text.count("\n", 0, offset) + 1
