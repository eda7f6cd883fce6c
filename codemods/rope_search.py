"""Which of a round's candidate files Rope is given to search for a renamed module (issue 17).

The prefilter's candidates hold the module's base name as a whole word. In a large package most
hold it only in the module path of a ``from`` import of *another* module: for
``sympy/core/core.py``, about 900 of the 1,046 files naming ``core`` do so only as
``from sympy.core.numbers import ...``. Rope would analyse each of them (a parse, its scopes, the
imports it resolves) and rename nothing there.

A file is left out of Rope's search for a module when Rope's finder looks at the name nowhere but
in such paths: at every offset its textual finder yields (:func:`codemods.rope_seam.finder_offsets`:
code and f-strings, as Rope sees them), the line up to the name reads ``from`` and a dotted path
(``from ..pkg.`` + name), the case where Rope resolves the path up to the name as a module by its
location (``ScopeNameFinder``: the module of a ``from`` statement), and that path cannot be the
renamed module's file whatever folder Rope resolves it from: absolute, it is not a tail of the
module's path (Rope looks in every source folder, then the importing file's folder); relative,
the folder ``level`` up from the file joined with it is not the module's path. Rope's name there
is then another module, its filters reject the occurrence, and the file gets no edit: leaving it
out gives the same change set. Any other place (code, an ``import`` statement, the names a
``from`` imports, a path on a continued line) keeps the file, and so does a file Rope cannot
decode or whose finder fails (Rope reports that crash itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from codemods.rope_seam import finder_offsets, rope_text

#: A line up to a name in the module path of a ``from`` statement: the dots and the dotted prefix.
_FROM_PATH = re.compile(r"[ \t]*from[ \t]+(\.*)((?:\w+\.)*)")


def rope_may_find(path: str, data: bytes, modules: Sequence[tuple[str, str]]) -> list[bool]:
    """For each ``(module path, base name)`` of ``modules``, whether Rope may find that module in
    the file at ``path`` whose bytes are ``data`` (see the module docstring); True when in doubt.

    Every whole-word match of the name is tried first (Rope's finder yields some of them; one on
    a line that starts with ``#`` or ``>>>`` is in a comment or a string, which it skips); only a
    file where one of them is elsewhere is searched with Rope's finder.
    """
    text = rope_text(data)
    if text is None:
        return [True for _ in modules]
    folder = path.split("/")[:-1]
    answers = []
    for module_path, word in modules:
        if not module_path.endswith(".py") or module_path.rpartition("/")[2] == "__init__.py":
            answers.append(True)
            continue
        target = module_path[: -len(".py")].split("/")
        plain = _whole_words(text, word)
        if not _may_find_at(text, plain, word, folder, target, _SKIPPED):
            answers.append(False)
            continue
        offsets = finder_offsets(word, text)
        answers.append(offsets is None or _may_find_at(text, offsets, word, folder, target, None))
    return answers


#: A line up to a name that Rope's finder never yields: a comment, or a doctest (a string).
_SKIPPED = re.compile(r"[ \t]*(?:#|>>>).*")


def _whole_words(text: str, word: str) -> list[int]:
    """Every offset where ``word`` stands as a whole word in ``text`` (a superset of Rope's)."""
    found = []
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _ident(text[start - 1])) and (end == len(text) or not _ident(text[end])):
            found.append(start)
        start = text.find(word, end)
    return found


def _ident(char: str) -> bool:
    return char.isalnum() or char == "_"


def _may_find_at(
    text: str, offsets: list[int], word: str, folder: list[str], target: list[str], skipped: re.Pattern[str] | None
) -> bool:
    """Whether any of ``offsets`` (of ``word`` in ``text``) may be the module at ``target``; an
    offset whose line up to it matches ``skipped`` is not."""
    for offset in offsets:
        start = text.rfind("\n", 0, offset) + 1
        match = _FROM_PATH.fullmatch(text, start, offset)
        if match is None:
            if skipped is not None and skipped.fullmatch(text, start, offset):
                continue
            return True
        prefix = [*match.group(2).split(".")[:-1], word]
        if _may_resolve(len(match.group(1)), prefix, folder, target):
            return True
    return False


def _may_resolve(level: int, prefix: list[str], folder: list[str], target: Sequence[str]) -> bool:
    """Whether Rope may resolve the module path ``prefix`` (``level`` leading dots), imported by a
    file in ``folder``, to the file whose path without ``.py`` is ``target``."""
    if level == 0:
        return len(prefix) <= len(target) and list(target[len(target) - len(prefix) :]) == prefix
    if level - 1 > len(folder):
        return True
    return folder[: len(folder) - (level - 1)] + prefix == list(target)
