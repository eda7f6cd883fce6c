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

A literal no data file holds stays as it was: the lookup of a nested catalogue (``{"pkg": {"cli": {"title": ...}}}``,
whose bare keys no rename touches), an Angular module's name (``angular.module("app.config")``), a key the script
defines itself. Rewritten, those would part from what defines them. Nothing else of a script is read: a dotted
expression is the language's own (Vue's ``app.config.errorHandler`` beside a Python ``app/config.py``), a comment line
is left, and so are a path inside a longer string (``"see pkg.cli.title"``, a message), a file's name
(``"pkg.cli.js"``) and a bare top-level name (``"pkg"``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

__all__ = ["SCRIPT_SUFFIXES", "data_keys", "defined_key", "is_script_file", "literal_form", "script_comment"]

#: JavaScript and TypeScript sources, and the components whose templates and scripts look keys up.
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte")
_QUOTES = "\"'`"


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
        ``whole``, ``prefix``, or None: a quote must open the literal right before ``start`` and, after ``end``
        (and a ``.`` for a prefix), the same quote close it, or a backtick literal's ``${`` go on.
    """
    if start == 0 or line[start - 1] not in _QUOTES:
        return None
    quote = line[start - 1]
    if line.startswith(quote, end):
        return "whole"
    rest = end + 1 if line.startswith(".", end) else end
    return "prefix" if line.startswith(quote, rest) or (quote == "`" and line.startswith("${", rest)) else None


def data_keys(texts: Iterable[str], tops: Collection[str]) -> frozenset[str]:
    """The dotted paths below the top-level names ``tops`` that the data files' ``texts`` hold (a catalogue's keys and
    values), each with every dotted prefix of it followed by ``.`` (``pkg.cli.`` of ``pkg.cli.title``).

    Returns:
        The paths and prefixes, for :func:`defined_key`.
    """
    if not tops:
        return frozenset()
    names = "|".join(re.escape(t) for t in sorted(tops, key=len, reverse=True))
    # at most 64 parts (planner/references.py's MAX_DEPTH): a key's prefixes are kept, a run of 100,000 parts is none
    path = re.compile(rf"(?<![\w.])(?:{names})(?:\.[A-Za-z_]\w*){{1,63}}+(?::[A-Za-z_][\w.]*)?")
    keys: set[str] = set()
    for text in texts:
        for match in path.finditer(text) if any(t in text for t in tops) else ():
            key = match.group(0)
            keys.add(key)
            keys.update(key[: dot + 1] for dot, char in enumerate(key) if char == ".")
    return frozenset(keys)


def defined_key(keys: Collection[str], token: str, form: str) -> bool:
    """Does the data hold the key ``token`` (a ``whole`` literal), or a key it starts (a ``prefix``)? (:func:`data_keys`)"""
    return (token if form == "whole" else f"{token}.") in keys
