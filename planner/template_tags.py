"""A template's tags on a line of an HTML page or another documentation file (issue 13, review 22).

``{{ _("pkg.cli.title") }}`` looks up a key a JSON catalogue defines (``{"pkg.cli.title": "Shop"}``): the quoted
string inside the tag is the template's code, which planner/file_references.py lists as ``template`` and
codemods/rewrite_config_refs.py rewrites whatever ``--no-prose``, as it rewrites the catalogue's data, so the two
never part; the page's other text stays prose. A tag goes on over lines too (``{% trans\n    "pkg.cli.help" %}``,
``{{ _(\n  "pkg.cli.title"\n) }}``): :func:`split_tags` finds those in a file's lines.

A dotted name standing unquoted in a tag, ``{{cookiecutter.hooks}}``, ``{% if pkg.mod %}``, is an expression over the
template's context (the dict ``cookiecutter``'s key ``hooks``), never a module's path, however it is spelled
(cookiecutter's tests, issue 13): :func:`context_name`, which the plan (planner/module_attributes.py's
``Attributes.takes``) and apply (codemods/base.py's ``Renames.find``) both ask, so such a name is neither rewritten
nor listed for a person. A quoted string in the tag (``{% url 'pkg.views.index' %}``) may still be a path.

What a Python string is given to can say otherwise (review30 R1, R2; planner/template_uses.py reads it): a string
``.format``-ed, or an f-string's literal part, spells a literal brace ``{{`` (``"D = {{'a': pkg.mod.V}}".format()``
is the code ``D = {'a': pkg.mod.V}``): its tags are read once the doubled braces are made single. A template rendered
with a context that holds the package itself (``render(s, {"pkg": pkg})`` after ``import pkg``) walks the module's
attributes: ``{{ pkg.mod.V }}`` is the module's path there. :class:`TagUse` carries both to :func:`tag_context`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "EVERY_TAG",
    "MAX_TAG_LINES",
    "TagUse",
    "context_name",
    "in_template",
    "split_tags",
    "tag_context",
    "tag_head",
    "template_tags",
]

#: A tag over more lines than this is no tag: an unclosed ``{{`` in prose, and a ``}}`` far below it.
MAX_TAG_LINES = 20
_MARK = re.compile(r"\{\{|\{%|\}\}|%\}")
_CLOSER = {"{{": "}}", "{%": "%}"}
#: a quoted string in a tag; a backslash escapes nothing here: ``{{ \"pkg.mod\" }}``, a Python string's source, is quoted
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def template_tags(line: str) -> list[tuple[int, int]]:
    """The spans of a template's tags on ``line`` (Jinja's and Django's ``{{ ... }}`` and ``{% ... %}``), in
    order. Each opener and closer is searched forward from the last: linear in the line's length.

    Returns:
        ``(start, end)`` offsets, the braces included.
    """
    spans: list[tuple[int, int]] = []
    curly, percent = line.find("{{"), line.find("{%")  # the next opener of each kind; -1: none, or none closes
    while curly >= 0 or percent >= 0:
        if percent < 0 or 0 <= curly < percent:
            start, closer = curly, "}}"
        else:
            start, closer = percent, "%}"
        end = line.find(closer, start + 2)
        if end < 0:  # no closer after here: none after any later opener of its kind either
            curly, percent = (-1, percent) if closer == "}}" else (curly, -1)
            at = start + 2
        else:
            spans.append((start, end + 2))
            at = end + 2
        if 0 <= curly < at:
            curly = line.find("{{", at)
        if 0 <= percent < at:
            percent = line.find("{%", at)
    return spans


def in_template(tags: Sequence[tuple[int, int]], line: str, start: int, end: int) -> bool:
    """Is ``line[start:end]`` a whole quoted string inside one of the template ``tags`` (:func:`template_tags`):
    ``{{ _("pkg.cli.title") }}``, ``{% trans 'pkg.cli.title' %}``? That is the template's code (a lookup of the
    key a JSON catalogue defines), rewritten whatever ``--no-prose``, as that JSON's data is.

    Returns:
        ``True`` inside a tag, between a pair of quotes (a tag from a line above starts at -1: :func:`split_tags`).
    """
    if start == 0 or line[start - 1] not in "\"'" or line[end : end + 1] != line[start - 1]:
        return False
    index = bisect.bisect_right(tags, (start, len(line) + 1)) - 1
    return index >= 0 and tags[index][0] < start and end < tags[index][1]


def split_tags(lines: Sequence[str]) -> dict[int, list[tuple[int, int]]]:
    """The spans of the template tags that go on over ``lines`` (``{% trans\\n "pkg.cli.help" %}``), on each line they
    cross, by its index: from the opener to the line's end on the first, the whole line between (from -1), up to the
    closer on the last. A tag is an opener and the next closer of its kind, with no other opener between and within
    :data:`MAX_TAG_LINES` lines. One pass over the lines.

    Returns:
        The spans by line index, for :func:`in_template` beside the line's own tags (:func:`template_tags`).
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    opened: tuple[str, int, int] | None = None  # the opener, its line's index and its column
    for index, line in enumerate(lines):
        if opened is not None and index - opened[1] >= MAX_TAG_LINES:
            opened = None
        for mark in _MARK.finditer(line) if "{" in line or "}" in line else ():
            if mark.group() in _CLOSER:
                opened = (mark.group(), index, mark.start())
            elif opened is not None and mark.group() == _CLOSER[opened[0]]:
                _opener, first, column = opened
                if first != index:
                    spans.setdefault(first, []).append((column, len(lines[first])))
                    for middle in range(first + 1, index):
                        spans.setdefault(middle, []).append((-1, len(lines[middle])))
                    spans.setdefault(index, []).append((-1, mark.end()))
                opened = None
    return spans


#: the last texts :func:`context_name` read, with their spans: a text's tokens are asked one after another. Found by
#: identity: ``functools.lru_cache`` compared an equal text of another object whole at each token (quadratic).
_RECENT: list[tuple[str, tuple[list[int], list[int]]]] = []
_RECENT_MAX = 4


def _context_spans(text: str) -> tuple[list[int], list[int]]:
    """The starts and the ends of ``text``'s template code outside quoted strings, in order: read once a text (a
    line, a string's body), so each token asks a bisection, not a scan (a long line of tags, review 22). The tags
    are disjoint: each character is read once.
    """
    for seen, spans in _RECENT:
        if seen is text:
            return spans
    starts: list[int] = []
    ends: list[int] = []
    for tag_start, tag_end in template_tags(text):
        at, end = tag_start + 2, tag_end - 2
        if text.find("\n", at, end) >= 0:  # a tag on one line only: apply reads a docstring a line at a time
            continue
        for quoted in _QUOTED.finditer(text, at, end):
            starts.append(at)
            ends.append(quoted.start())
            at = quoted.end()
        starts.append(at)
        ends.append(end)
    del _RECENT[_RECENT_MAX - 1 :]
    _RECENT.insert(0, (text, (starts, ends)))
    return starts, ends


def context_name(text: str, start: int, *, doubled: bool = False) -> bool:
    """Does the token of ``text`` at ``start`` stand unquoted in a template's tag on ``text`` (``{{cookiecutter.hooks}}``,
    ``{% if pkg.mod %}``)? Then it is a name of the template's context, not a module's path. A tag is found as
    :func:`template_tags` finds it, on one line of ``text`` (a line of a file, a string): the plan reads a docstring
    whole and apply a line at a time, and a ``{{`` in prose with a ``}}`` lines below is no tag.

    ``doubled``: ``text`` is formatted before it is read (a ``str.format`` template, an f-string's literal part): a
    doubled brace is one literal brace, a tag is ``{{{{ ... }}}}`` as written.

    Returns:
        ``True`` for a context's name: no reference, neither rewritten nor listed.
    """
    if doubled:
        text, start = _single(text, start)
    if start < 2:  # no ``{{`` before it (a whole string's path: asked of a text made for the call)
        return False
    starts, ends = _context_spans(text)
    index = bisect.bisect_right(starts, start) - 1
    return index >= 0 and start < ends[index]


_DOUBLED = re.compile(r"\{\{|\}\}")
_HEAD = re.compile(r"[A-Za-z_]\w*")
#: the last texts :func:`_single` made single, by identity, as :data:`_RECENT`
_SINGLE: list[tuple[str, tuple[str, list[int]]]] = []


def _single(text: str, start: int) -> tuple[str, int]:
    """``text`` as formatting leaves it (``{{`` -> ``{``, ``}}`` -> ``}``; a field ``{0}`` stays as it is) and where
    ``start`` is in it: each doubled brace before ``start`` is one character fewer."""
    for seen, (single, pairs) in _SINGLE:
        if seen is text:
            break
    else:
        pairs = [match.start() for match in _DOUBLED.finditer(text)]
        single = _DOUBLED.sub(lambda match: match.group()[0], text) if pairs else text
        del _SINGLE[_RECENT_MAX - 1 :]
        _SINGLE.insert(0, (text, (single, pairs)))
    return single, start - bisect.bisect_left(pairs, start)


def tag_head(text: str, start: int) -> str:
    """Returns: the first name of the dotted token of ``text`` at ``start`` (``pkg`` of ``pkg.mod.V``)."""
    head = _HEAD.match(text, start)
    return head.group() if head is not None else ""


@dataclass(frozen=True)
class TagUse:
    """How one Python string's template tags read, by what the string is given to (planner/template_uses.py)."""

    #: formatted before it is read (``"...".format()``, an f-string's literal part): ``{{`` is a literal brace
    doubled: bool = False
    #: the first names the template's context holds as the modules of those names (``{"pkg": pkg}``): paths
    modules: frozenset[str] = frozenset()
    #: the first names the file binds to their modules (``import pkg``) where what renders the string is not seen:
    #: the module may be in its context, or a dict of that name; neither rewritten nor left unsaid (listed)
    unknown: frozenset[str] = frozenset()

    def listed(self, text: str, start: int) -> bool:
        """Returns: is the token of ``text`` at ``start`` in a tag, its first name one of :attr:`unknown`?"""
        return (
            bool(self.unknown)
            and tag_head(text, start) in self.unknown
            and context_name(text, start, doubled=self.doubled)
        )


def tag_context(text: str, start: int, use: TagUse | None = None) -> bool:
    """Is the token of ``text`` at ``start`` a name of a template's context (:func:`context_name`), as ``use`` (the
    string's :class:`TagUse`, ``None`` where nothing is known of it) reads the tags? A name whose first part the
    context holds as its module is a path.

    Returns:
        ``True`` for a context's name: not rewritten (listed where ``use`` says so: :meth:`TagUse.listed`).
    """
    if use is None:
        return context_name(text, start)
    if use is EVERY_TAG:
        return False
    return context_name(text, start, doubled=use.doubled) and tag_head(text, start) not in use.modules


#: a string whose use is not read yet (apply's prefilter): any name in its tags may be a path
EVERY_TAG = TagUse(modules=frozenset({"*"}))
