"""The naming pattern: ``WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}`` and friends.

A private module keeps its privacy: the leading underscores of ``{name}`` lead the whole new name
(``_lazyimport`` -> ``_WF5_V7_L1_1of3_lazyimport``, ``__about__`` -> ``__WF1_V7_L1_1of1_about__``), so a
name that starts with ``_`` by Python's convention (``pkgutil`` walks that skip ``"._"``, ``dir()``
checks against ``__all__``) still does after the rename. A pattern that starts with ``{name}`` spells
every name as before. The earlier spelling (``WF5_V7_L1_1of3__lazyimport``) is parsed too, and
:meth:`Pattern.legacy` gives it: a checkout renamed in it stays compliant.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

NUMERIC_FIELDS = ("workflow", "version", "layer", "index", "total")


class Numbers(Protocol):
    @property
    def workflow(self) -> int | None: ...
    @property
    def layer(self) -> int: ...
    @property
    def index(self) -> int: ...
    @property
    def total(self) -> int: ...


@dataclass(frozen=True)
class Pattern:
    """``WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}`` and friends."""

    text: str
    version: int

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.text)

    def format(self, placement: Numbers, name: str) -> str:
        """The name ``placement`` gives a module whose base name is ``name``; its leading underscores
        lead the whole name."""
        lead, rest = split_private(name)
        spelled = self.legacy(placement, rest)
        # a name of underscores only is its own lead: once, where the pattern starts with ``{name}``
        return spelled if lead == rest and spelled.startswith(lead) else lead + spelled

    def legacy(self, placement: Numbers, name: str) -> str:
        """The pattern filled in with ``name`` as it is: :meth:`format` before private names kept their
        leading underscore (``WF5_V7_L1_1of3__lazyimport``), still compliant."""
        return self.text.format(
            workflow=placement.workflow,
            version=self.version,
            layer=placement.layer,
            index=placement.index,
            total=placement.total,
            name=name,
        )

    def parse(self, basename: str) -> dict[str, str] | None:
        """The fields of a name that follows the pattern (either spelling of a private name), else None."""
        return _parse(self.text, basename)

    def base_name(self, basename: str, fields: dict[str, str] | None = None) -> str:
        """The ``{name}`` part: a compliant name keeps its base when renumbered. ``fields``: those
        :meth:`parse` found in ``basename``, when already known."""
        if fields is None:
            return base_name(self.text, basename)
        return fields["name"] if fields.get("name") else basename


def base_name(text: str, basename: str) -> str:
    """:meth:`Pattern.base_name` for the pattern ``text`` (no Pattern object built)."""
    fields = _parse(text, basename)
    return (fields.get("name") if fields else None) or basename


def split_private(name: str) -> tuple[str, str]:
    """``name``'s leading underscores and the rest (``("_", "lazyimport")``); ``(name, name)`` for a name
    of underscores only (``_.py`` is private too: ``_`` -> ``_WF1_V7_L1_1of3__``, review 23)."""
    rest = name.lstrip("_")
    return (name[: len(name) - len(rest)], rest) if rest else (name, name)


def _parse(text: str, basename: str) -> dict[str, str] | None:
    """The fields of ``basename`` under the pattern ``text``: first as :meth:`Pattern.format` spells a
    private name (its underscores before the pattern, given back to ``name``), then as it stands."""
    regex = _compile(text)
    lead, rest = split_private(basename)
    if lead:
        moved = regex.match(rest)
        if moved:
            fields = moved.groupdict()
            name = fields.get("name")
            if name and name != lead:  # ``_WF1_V7_L1_1of3__``: the name ``_``, its underscores lead it
                fields["name"] = lead + name
            return fields
    found = regex.match(basename)
    return found.groupdict() if found else None


@lru_cache(maxsize=64)
def _compile(text: str) -> re.Pattern[str]:
    out = []
    seen: set[str] = set()
    for literal, field_name, _spec, _conv in string.Formatter().parse(text):
        out.append(re.escape(literal))
        if field_name is None:
            continue
        if field_name in seen:
            out.append(f"(?P={field_name})")
        elif field_name == "name":
            out.append(r"(?P<name>[A-Za-z_]\w*?)")
        else:
            out.append(rf"(?P<{field_name}>\d+)")
        seen.add(field_name)
    return re.compile("".join(out) + r"\Z")
