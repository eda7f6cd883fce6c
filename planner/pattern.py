"""The naming pattern: ``WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}`` and friends."""

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
        return self.text.format(
            workflow=placement.workflow,
            version=self.version,
            layer=placement.layer,
            index=placement.index,
            total=placement.total,
            name=name,
        )

    def parse(self, basename: str) -> dict[str, str] | None:
        """The fields of a name that follows the pattern, else None."""
        found = self.regex.match(basename)
        return found.groupdict() if found else None

    def base_name(self, basename: str, fields: dict[str, str] | None = None) -> str:
        """The ``{name}`` part: a compliant name keeps its base when renumbered. ``fields``: those
        :meth:`parse` found in ``basename``, when already known."""
        if fields is None:
            return base_name(self.text, basename)
        return fields["name"] if fields.get("name") else basename


def base_name(text: str, basename: str) -> str:
    """:meth:`Pattern.base_name` for the pattern ``text`` (no Pattern object built)."""
    found = _compile(text).match(basename)
    return (found.group("name") if found and "name" in found.re.groupindex else None) or basename


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
