r"""A JavaScript or TypeScript lookup of a key, spelled like a module path, that the checkout's data defines (issue 13,
holes23 hole 15).

A web front end looks up the keys of a catalogue: ``i18n.t("pkg.cli.title")``, ``t('pkg.cli.help')``,
``gettext("pkg.cli.title")``, ``<Trans i18nKey="pkg.cli.title" />``, ``$t('pkg.cli.title')`` in a Vue component. When
the catalogue is a data file (``{"pkg.cli.title": "Shop"}`` in JSON, a YAML or ``.po`` file), ``apply`` rewrites its
key as it rewrites every whole module path there; the script's lookup must follow, or the page shows the raw key. So
a string literal of a script (``"..."``, ``'...'``, a backtick literal) whose whole text is a renamed module path, or
that path followed by ``.attr`` or ``:attr``, is a ``js-string`` reference, rewritten exactly as the data's key is,
whatever ``--no-prose``, when the checkout's data holds that very path (:func:`data_keys`); and so is the path that
starts a key built from parts (``"pkg.cli." + name``, ``\`pkg.cli.${name}\```) when a key of the data starts with it.
i18next's namespaced lookup (``t("common:pkg.cli.title")``) names the key after its namespace: read the same way.

A literal no data file holds stays as it was: the lookup of a nested catalogue (``{"pkg": {"cli": {"title": ...}}}``,
whose bare keys no rename touches), an Angular module's name (``angular.module("app.config")``), a key the script
defines itself. Rewritten, those would part from what defines them. Nothing else of a script is read: a dotted
expression is the language's own (Vue's ``app.config.errorHandler`` beside a Python ``app/config.py``), a comment line
is left, and so are a path inside a longer string (``"see pkg.cli.title"``, a message), a file's name
(``"pkg.cli.js"``) and a bare top-level name (``"pkg"``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Sequence

__all__ = ["SCRIPT_SUFFIXES", "data_keys", "defined_key", "is_script_file", "literal_form", "script_comment"]

#: JavaScript, TypeScript and CoffeeScript sources, and the components whose templates and scripts look keys up.
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte", ".coffee")
_QUOTES = "\"'`"
#: The longest namespace read before a key (``common:``): i18next's are a file's stem.
_NAMESPACE_MAX = 64


def is_script_file(name: str) -> bool:
    """Is the file ``name`` (a path or a base name) a JavaScript or TypeScript source or a component?"""
    return name.lower().endswith(SCRIPT_SUFFIXES)


def script_comment(line: str) -> bool:
    """Is ``line`` a comment line of a script (``//``, ``/*``, a block comment's ``*`` line)?"""
    return line.lstrip().startswith(("//", "/*", "*"))


def literal_form(line: str, start: int, end: int) -> str | None:
    """Is ``line[start:end]`` a string literal's whole text (``"pkg.cli.title"``: ``whole``), or its start before a
    computed rest (``"pkg.cli." + name``, a backtick literal's ``pkg.cli.${name}``: ``prefix``)?

    Returns:
        ``whole``, ``prefix``, or None: a quote must open the literal right before ``start`` (or before an i18next
        namespace and its ``:``, ``"common:pkg.cli.title"``: the key is what follows it) and, after ``end``
        (and a ``.`` for a prefix), the same quote close it, or a backtick literal's ``${`` go on.
    """
    opening = _opening(line, start)
    if opening < 0:
        return None
    quote = line[opening]
    if line.startswith(quote, end):
        return "whole"
    rest = end + 1 if line.startswith(".", end) else end
    return "prefix" if line.startswith(quote, rest) or (quote == "`" and line.startswith("${", rest)) else None


def _opening(line: str, start: int) -> int:
    """Where the quote opening the literal that holds a key at ``start`` is: right before it, or before a namespace
    of at most :data:`_NAMESPACE_MAX` word characters or ``-`` and its ``:`` (i18next's ``t("common:pkg.cli.title")``,
    ``<Trans i18nKey="common:pkg.cli.title"/>``); -1 when no quote opens it so."""
    at = start - 1
    if at >= 0 and line[at] == ":":
        at -= 1
        floor = max(start - 2 - _NAMESPACE_MAX, -1)
        while at > floor and (line[at].isalnum() or line[at] in "_-"):
            at -= 1
        if at == start - 2:
            return -1  # ``":pkg.cli.title"``: no namespace
    return at if at >= 0 and line[at] in _QUOTES else -1


def data_keys(texts: Iterable[str], tops: Collection[str]) -> tuple[str, ...]:
    """The dotted paths below the top-level names ``tops`` that the data files' ``texts`` hold (a catalogue's keys and
    values), sorted: :func:`defined_key` finds a key, or the keys a prefix starts, by bisection (a set of every key's
    prefixes took 70 times the bytes of a file of long distinct keys).

    Returns:
        The paths, sorted, each once.
    """
    if not tops:
        return ()
    names = "|".join(re.escape(t) for t in sorted(tops, key=len, reverse=True))
    # at most 64 parts (planner/references.py's MAX_DEPTH): a run of 100,000 parts is no key
    path = re.compile(rf"(?<![\w.])(?:{names})(?:\.[A-Za-z_]\w*){{1,63}}+(?::[A-Za-z_][\w.]*)?")
    keys: set[str] = set()
    for text in texts:
        keys.update(path.findall(text) if any(t in text for t in tops) else ())
    return tuple(sorted(keys))


def defined_key(keys: Sequence[str], token: str, form: str) -> bool:
    """Do the data's sorted ``keys`` (:func:`data_keys`) hold the key ``token`` (a ``whole`` literal), or a key that
    ``token`` and a ``.`` start (a ``prefix``: ``pkg.cli.`` of ``pkg.cli.title``)?"""
    probe = token if form == "whole" else f"{token}."
    at = bisect.bisect_left(keys, probe)
    return at < len(keys) and (keys[at] == probe if form == "whole" else keys[at].startswith(probe))
