r"""A JavaScript or TypeScript string literal that is a whole module path of the checkout (issue 13, holes23 hole 15).

A web front end looks up the keys of a JSON catalogue: ``i18n.t("pkg.cli.title")``, ``t('pkg.cli.help')``,
``gettext("pkg.cli.title")``, ``<Trans i18nKey="pkg.cli.title" />``, ``$t('pkg.cli.title')`` in a Vue component. The
catalogue (``{"pkg.cli.title": "Shop"}``) is data whose key ``apply`` rewrites, as it rewrites the template's and the
Python code's lookups of it (planner/template_tags.py): the script's lookup must follow, or the page shows the raw
key. So a string literal of such a file (``"..."``, ``'...'``, a backtick literal) whose whole text is a module path, or
that path followed by ``.attr`` or ``:attr``, is a ``js-string`` reference, rewritten exactly as a JSON file's string
is, whatever ``--no-prose``; and so is the path that starts a key built from parts, as a Python string's is
(``"pkg.cli." + name``, ``\`pkg.cli.${name}\```: every key of the catalogue below ``pkg.cli`` is rewritten). Nothing
else of the file is read: a dotted expression is the language's own (Vue's ``app.config.errorHandler`` beside a
Python ``app/config.py``), a comment line is left, and so are a path inside a longer string (``"see pkg.cli.title"``,
a message), a file's name (``"pkg.cli.js"``) and a bare top-level name (``"pkg"``).
"""

from __future__ import annotations

__all__ = ["SCRIPT_SUFFIXES", "is_script_file", "key_literal", "script_comment"]

#: JavaScript and TypeScript sources, and the components whose templates and scripts look keys up.
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte")
_QUOTES = "\"'`"


def is_script_file(name: str) -> bool:
    """Is the file ``name`` (a path or a base name) a JavaScript or TypeScript source or a component?"""
    return name.lower().endswith(SCRIPT_SUFFIXES)


def script_comment(line: str) -> bool:
    """Is ``line`` a comment line of a script (``//``, ``/*``, a block comment's ``*`` line)?"""
    return line.lstrip().startswith(("//", "/*", "*"))


def key_literal(line: str, start: int, end: int) -> bool:
    """Is ``line[start:end]`` a string literal's whole text, or its start before a computed rest: a key, or the
    prefix of keys (``"pkg.cli.title"``, ``"pkg.cli." + name``, a backtick literal's ``pkg.cli.${name}``)?

    Returns:
        ``True`` when a quote opens the literal right before ``start`` and, after ``end`` and an optional ``.``,
        the same quote closes it (or a backtick literal's ``${`` goes on).
    """
    if start == 0 or line[start - 1] not in _QUOTES:
        return False
    quote = line[start - 1]
    rest = end + 1 if line.startswith(".", end) else end
    return line.startswith(quote, rest) or (quote == "`" and line.startswith("${", rest))
