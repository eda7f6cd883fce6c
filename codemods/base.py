"""Shared data of the reference codemods: one ``Edit`` per rewritten reference, one ``CodemodResult`` per file.

The codemods compute text; they never write (STYLE.md point 2). A file they cannot read is a result
with ``skipped`` set, not an exception (STYLE.md point 10), so a batch over thousands of files reports
the odd broken file instead of stopping on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


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
class Renames:
    """A batch's module renames, ready for exact dotted-path matching (longest old prefix wins)."""

    mapping: Mapping[str, str]
    _word: re.Pattern[str] = field(repr=False, compare=False)

    @classmethod
    def of(cls, mapping: Mapping[str, str]) -> Renames:
        """Build the matcher for ``mapping`` (old dotted module -> new dotted module).

        Returns:
            A ``Renames`` whose ``prefilter`` and ``rewrite`` use the whole mapping.
        """
        olds = sorted(mapping, key=len, reverse=True)
        if not olds:
            return cls(dict(mapping), re.compile(r"(?!x)x"))
        alternatives = "|".join(re.escape(old) for old in olds)
        return cls(dict(mapping), re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])"))

    def prefilter(self, text: str) -> bool:
        """Cheap whole-word test: can ``text`` hold a reference to any old module at all?

        Returns:
            ``False`` when no old dotted name occurs as a whole word, so parsing can be skipped.
        """
        return bool(self.mapping) and self._word.search(text) is not None

    def rewrite(self, dotted: str, *, colon: bool = True) -> str | None:
        """The rewritten form of ``dotted`` when it is an old module or starts with one plus ``.``/``:``.

        ``pkg.mod``, ``pkg.mod.func`` and ``pkg.mod:func`` match ``pkg.mod``; ``pkg.models``,
        ``pkgXmod`` and ``pkg.mod_utils`` do not. The longest matching old name wins.

        Returns:
            The new string, or ``None`` when ``dotted`` is no exact dotted-path match.
        """
        best: str | None = None
        for old in self.mapping:
            if dotted == old or (dotted.startswith(old) and (dotted[len(old)] == "." or (colon and dotted[len(old)] == ":"))):
                if best is None or len(old) > len(best):
                    best = old
        if best is None:
            return None
        return self.mapping[best] + dotted[len(best):]

    def find(self, text: str) -> Iterable[re.Match[str]]:
        """Whole-word occurrences of old module names in ``text`` (not preceded by a word char or dot).

        Returns:
            An iterator of matches; each match may still be followed by ``.attr`` or ``:attr``.
        """
        return self._word.finditer(text)


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``.

    Returns:
        The line number.
    """
    return text.count("\n", 0, offset) + 1
