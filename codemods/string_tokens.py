"""Whole-token rewriting of renamed module paths inside any text: strings, regexes, prose (issue 13).

Two spellings are rewritten, both only as a whole token (never a longer name, never another package
with the same tail, never a bare name that cannot be attributed to a module):

- the dotted path itself, with an optional ``.attr``/``:attr``: ``pkg.mod``, ``pkg.mod.Klass`` (not a file
  named after it, ``reference/pkg.mod.md``: Guardian renames no such file);
- the regex-escaped path, one backslash (``pkg\\.mod``, a raw string) or two (``pkg\\\\.mod``, the
  same pattern in a plain string's source): the new path keeps the separator the token used.

``text`` is source text (a string literal's body as written, a comment, a line of a document): the
functions never decode escapes, so what comes back is valid wherever the old text was.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache

from codemods.base import DOTTED_TOKEN, Renames
from planner.escape_bounds import GLUED, tokens
from planner.path_tokens import ELIDED, path_start
from planner.regex_groups import group_alternatives, partial_segments, stem_modules
from planner.string_shapes import stem_path
from planner.token_bounds import in_file_path, names_a_file

__all__ = [
    "has_escaped",
    "partial_follow_ups",
    "regex_group_renamed",
    "shared_names",
    "shared_reason",
    "sub_dotted",
    "sub_escaped",
    "sub_escaped_paths",
    "sub_groups",
    "sub_paths",
    "sub_rooted_path",
    "sub_stem_path",
    "sub_tokens",
    "whole_path",
]

_SEPARATOR = re.compile(r"\\{1,2}\.")
#: a regex's class of path separators, ``[/\\]`` (``[/\\\\]`` in a plain string's source): a name right after it
#: starts there, as after a space (the plan reads the class as no part of the name: planner/path_mentions.py)
_SEPARATOR_CLASS = re.compile(r"\[(?:/|\\{1,2})+\]")
#: what makes a renamed top-level module's bare name a path: ``.attr`` or ``:attr`` right after it
_ATTRIBUTE = re.compile(r"[.:][A-Za-z_]")
_WHOLE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")  # the whole dotted token a hit starts


def sub_dotted(text: str, renames: Renames, leave: Collection[str] = frozenset()) -> str:
    """Rewrite every whole dotted token of ``text`` that starts with a renamed module, but those in ``leave`` (a SQL
    string's qualified columns and tables: planner/sql_strings.py).

    A renamed top-level module (no dot in its name) is rewritten only when followed by ``.attr`` or
    ``:attr``: a bare word cannot be told from an ordinary word, nor from a program's name in a message
    (``"tool: error: ..."``) or a sentence's last word (``"run it with tool."``).

    Returns:
        The rewritten text (``text`` itself when nothing matched).
    """
    out: list[str] = []
    position = 0
    for hit in renames.find(text):
        old = hit.group()
        if "." not in old and not _ATTRIBUTE.match(text, hit.end()):
            continue
        if names_a_file(text, hit.end()) or in_file_path(text, hit.start()):  # ``reference/pkg.mod.md``: a file
            continue
        whole = _WHOLE.match(text, hit.start()) if leave else None
        if whole is not None and whole.group(0) in leave:  # ``SELECT orders.status FROM orders``: a column
            continue
        out.append(text[position : hit.start()] + (hit.new or renames.mapping[old]))
        position = hit.end()
    return "".join(out) + text[position:] if out else text


def whole_path(text: str, renames: Renames, *, call: bool) -> str | None:
    """``text``, a whole string that is a renamed module's dotted path (``"pkg.mod"``, ``"pkg.mod.Klass"``,
    ``"pkg.mod:f"``), rewritten. Outside a call that takes a module path (``call``), a data file named after
    the module (``"pkg.mod.json"``: black reads ``resources/black.schema.json`` by that bare name) is no path, nor
    what the matcher's space (planner/module_attributes.py) says is none: ``"pkg.cli.pkl"``, ``"api.example.com"``.

    Returns:
        The new string, or None.
    """
    if not DOTTED_TOKEN.fullmatch(text):
        return None
    if call:
        return renames.rewrite(text)
    hit = next(iter(renames.find(text)), None)  # none where the module's space says it is no path (``api.example.com``)
    return None if hit is None or hit.start() or names_a_file(text, hit.end()) else renames.rewrite(text)


@lru_cache(maxsize=8)
def _escaped_pattern(heads: tuple[str, ...], left: str = r"(?<![\w.\\])") -> re.Pattern[str]:
    names = "|".join(re.escape(h) for h in heads)
    return re.compile(rf"{left}(?:{names})(?:\\{{1,2}}\.[A-Za-z_]\w*)+(?!\w)")


def has_escaped(text: str) -> bool:
    """Can ``text`` hold a regex-escaped dotted path at all (a cheap screen)?

    Returns:
        ``True`` when a backslash precedes a dot somewhere.
    """
    return "\\." in text


def sub_escaped(text: str, renames: Renames) -> str:
    """Rewrite regex-escaped tokens (``pkg\\.mod\\.Klass``) naming a renamed module, keeping the escapes.

    Returns:
        The rewritten text (``text`` itself when nothing matched).
    """
    if not has_escaped(text):
        return text
    heads = tuple(sorted({old.partition(".")[0] for old in renames.mapping}, key=len, reverse=True))
    if not heads:
        return text

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        separators = set(_SEPARATOR.findall(token))
        if len(separators) != 1:
            return token  # mixed escaping: not a spelling we can reproduce exactly
        separator = separators.pop()
        new = renames.rewrite(token.replace(separator, "."), colon=False)
        return token if new is None else new.replace(".", separator)

    # after an escape's letter too, ``\bpkg\.mod`` (planner/escape_bounds.py), never a longer token's ``xpkg\.mod``
    found = tokens(text, _escaped_pattern(heads), _escaped_pattern(heads, GLUED), doubled=renames.doubled)
    out: list[str] = []
    position = 0
    for match in found:
        out.append(text[position : match.start()] + one(match))
        position = match.end()
    return "".join(out) + text[position:] if out else text


def sub_groups(text: str, renames: Renames) -> tuple[str, list[str]]:
    """Rewrite each group alternative that is a renamed module's whole last segment (``pkg\\.(legacy|other)``
    -> ``pkg\\.(WF1_legacy|other)``), where the rename keeps the module's package; and name the renamed modules
    whose last segment a partial stem matches (``pkg\\.leg.*``: for a person). One rule with the plan's
    (planner/regex_groups.py).

    Returns:
        The rewritten text, and the renamed modules a partial segment matches.
    """
    out: list[str] = []
    position = 0
    for start, end, path in group_alternatives(text):
        new = renames.mapping.get(path)
        if new is not None and new.rpartition(".")[0] == path.rpartition(".")[0]:
            out.append(text[position:start] + new.rpartition(".")[2])
            position = end
    partial = [m for _, _, prefix, stem in partial_segments(text) for m in stem_modules(prefix, stem, renames.mapping)]
    return ("".join(out) + text[position:] if out else text), partial


def regex_group_renamed(text: str, renames: Renames) -> bool:
    """Does ``text`` hold a regex group or partial segment :func:`sub_groups` rewrites or lists (a screen)?"""
    rewritten, partial = sub_groups(text, renames)
    return rewritten != text or bool(partial)


def partial_follow_ups(path: str, line: int, raw: str, modules: list[str], renames: Renames) -> list[str]:
    """``pkg\\.leg.*`` (:func:`sub_groups`' partial): a follow-up for each renamed module it matches part of.

    Returns:
        The follow-ups, one per module.
    """
    return [
        f"{path}:{line}: manual follow-up: a regex matching part of {module}'s last segment, which its new name "
        f"{renames.mapping[module]} does not start with: {raw!r}"
        for module in modules
    ]


def sub_tokens(text: str, renames: Renames) -> str:
    """Both spellings: :func:`sub_escaped`, then :func:`sub_dotted`.

    Returns:
        The rewritten text.
    """
    return sub_dotted(sub_escaped(text, renames), renames)


@lru_cache(maxsize=1024)
def _path_pattern(old: str) -> re.Pattern[str]:
    # not inside a longer name (``pkg/mod.pyc``, ``pkg/mod.py.bak``, an editor's backup ``pkg/mod.py~``); a
    # sentence's full stop may follow. Where it starts, planner.path_tokens.path_start decides (:func:`_found`).
    return re.compile(rf"(?<![\w.-])(\./)?{re.escape(old.removeprefix(ELIDED))}(?![\w/~-]|\.\w)")


def _found(text: str, old: str) -> Iterator[re.Match[str]]:
    """The places ``old`` (a path rename's key: a path, a bare file name, or an elided start's tail spelled
    ``.../tail``) names its file in ``text``, by planner/path_tokens.py's rule, as the plan reads it."""
    elided = old.startswith(ELIDED)
    for match in _path_pattern(old).finditer(text):
        if path_start(text, match.start(), match.end()) == ("elided" if elided else "plain"):
            if not (elided and match.group(1)):
                yield match


def sub_paths(text: str, paths: Mapping[str, str]) -> tuple[str, list[str]]:
    """Rewrite each renamed file's repo-relative path (``pkg/mod.py`` -> ``pkg/WF1_mod.py``) that stands
    as a whole path token in ``text``, with its ``./`` if it had one. A key without ``/`` is a bare file
    name (``core.py`` -> ``WF1_core.py``), rewritten under the same bounds: never ``pkg/core.py``'s tail. A key
    ``.../pkg/mod.py`` is that tail after an elided start only (planner/path_tokens.py).

    Returns:
        The rewritten text and the old paths it rewrote (``text`` itself and ``[]`` when none).
    """
    if ".py" not in text:
        return text, []
    done: list[str] = []
    for old, new in paths.items():
        if old.removeprefix(ELIDED) not in text:
            continue
        parts: list[str] = []
        position = 0
        for match in _found(text, old):
            parts.append(text[position : match.start()] + (match.group(1) or "") + new.removeprefix(ELIDED))
            position = match.end()
        if parts:
            text = "".join(parts) + text[position:]
            done.append(old)
    return text, done


def sub_escaped_paths(text: str, paths: Mapping[str, str]) -> str:
    """Rewrite each renamed file's path or bare name spelled with escaped dots in a regex (``errors\\.py`` in
    ``r"pkg[/\\\\]errors\\.py"``; ``errors\\\\.py`` in a plain string's source), keeping the escapes, under
    :func:`sub_paths`' bounds. The plan reads a regex with its ``\\.`` read as ``.`` (planner/path_mentions.py) and
    lists the name as it lists ``errors.py``.

    Returns:
        The rewritten text (``text`` itself when nothing matched).
    """
    for separator in ("\\\\.", "\\."):  # two backslashes first: a one-backslash name is the end of a two
        if separator + "py" not in text:
            continue
        for old, new in paths.items():
            if old.startswith(ELIDED) or not old.endswith(".py"):
                continue
            spelled = old.replace(".", separator)
            if spelled not in text:
                continue
            view = _SEPARATOR_CLASS.sub(lambda m: " " * len(m.group()), text)  # the same offsets
            parts: list[str] = []
            position = 0
            for match in _found(view, spelled):
                parts.append(text[position : match.start()] + (match.group(1) or "") + new.replace(".", separator))
                position = match.end()
            text = "".join(parts) + text[position:] if parts else text
    return text


def sub_rooted_path(text: str, paths: Mapping[str, str]) -> tuple[str, list[str]]:
    """:func:`sub_paths` for a whole string that opens with ``/`` and a renamed file's repo-relative path
    (``"/starlette/testclient.py"``): a tool matches it against the end of an absolute file name (blockbuster's
    ``can_block_in("/starlette/testclient.py", "receive")``, ``co_filename.endswith(...)``), so it names the
    module's file. Only at the start of a whole string: ``f"{root}/pkg/mod.py"`` is a path built from parts,
    ``vendor/pkg/mod.py`` another file.

    Returns:
        The rewritten text and the old paths it rewrote (``text`` itself and ``[]`` when none).
    """
    if not text.startswith("/") or text.startswith("//") or ".py" not in text:
        return text, []
    moved, done = sub_paths(text[1:], {old: new for old, new in paths.items() if "/" in old})
    first = [old for old in done if text.startswith(old, 1)]  # the token right after the ``/`` only
    return ("/" + moved, done) if first else (text, [])


def sub_stem_path(text: str, paths: Mapping[str, str]) -> tuple[str, list[str]]:
    """Rewrite a whole string naming a renamed file by its path without ``.py`` (:func:`stem_path`).

    Returns:
        The rewritten text and the old path it rewrote (``text`` itself and ``[]`` when none).
    """
    old = stem_path(text)
    new = paths.get(old) if old is not None else None
    if old is None or new is None or not new.endswith(".py"):
        return text, []
    return text[: len(text) - len(old) + 3] + new[:-3], [old]


def shared_reason(name: str) -> str:
    """Why a :func:`shared_names` name is left for a person.

    Returns:
        The follow-up's reason.
    """
    if name.startswith(ELIDED):
        return "a path's tail after an elided start that several files of the checkout end with"
    return "a bare file name that several files of the checkout have"


def shared_names(text: str, shared: Collection[str]) -> list[tuple[int, str]]:
    """The bare file names of ``shared`` (renamed files whose name other files of the checkout have too)
    that stand as a whole token in ``text``, and its elided tails (``.../pkg/mod.py``) that follow an elided
    start there: a person tells which file is meant.

    Returns:
        (offset, name) of each, in the order of ``shared``.
    """
    if ".py" not in text:
        return []
    return [(m.start(), name) for name in shared if name.removeprefix(ELIDED) in text for m in _found(text, name)]
