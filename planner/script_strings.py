"""A JavaScript or TypeScript string literal that is a whole module path of the checkout (issue 13, holes23 hole 15).

A web front end looks up the keys of a JSON catalogue: ``i18n.t("pkg.cli.title")``, ``t('pkg.cli.help')``,
``gettext("pkg.cli.title")``, ``<Trans i18nKey="pkg.cli.title" />``, ``$t('pkg.cli.title')`` in a Vue component. The
catalogue (``{"pkg.cli.title": "Shop"}``) is data whose key ``apply`` rewrites, as it rewrites the template's and the
Python code's lookups of it (planner/template_tags.py): the script's lookup must follow, or the page shows the raw
key. So a string literal of such a file (``"..."``, ``'...'``, a backtick literal without ``${``) whose whole text is
a module path, or that path followed by ``.attr`` or ``:attr``, is a ``js-string`` reference, rewritten exactly as a
JSON file's string is, whatever ``--no-prose``. Nothing else of the file is read: a dotted expression is the
language's own (Vue's ``app.config.errorHandler`` beside a Python ``app/config.py``), a comment line is left, and so
are a longer string (``"see pkg.cli.title"``), a key built from parts (``"pkg.cli." + name``), a file's name
(``"pkg.cli.js"``) and a bare top-level name (``"pkg"``).
"""

from __future__ import annotations

__all__ = ["SCRIPT_SUFFIXES", "is_script_file", "script_comment", "whole_literal"]

#: JavaScript and TypeScript sources, and the components whose templates and scripts look keys up.
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte")
_QUOTES = "\"'`"


def is_script_file(name: str) -> bool:
    """Is the file ``name`` (a path or a base name) a JavaScript or TypeScript source or a component?"""
    return name.lower().endswith(SCRIPT_SUFFIXES)


def script_comment(line: str) -> bool:
    """Is ``line`` a comment line of a script (``//``, ``/*``, a block comment's ``*`` line)?"""
    return line.lstrip().startswith(("//", "/*", "*"))


def whole_literal(line: str, start: int, end: int) -> bool:
    """Is ``line[start:end]`` the whole text of a string literal: the same quote right before and right after it?

    Returns:
        ``True`` for ``"pkg.cli.title"``, ``'pkg.cli.title'`` and a backtick literal.
    """
    return start > 0 and line[start - 1] in _QUOTES and line[end : end + 1] == line[start - 1]
