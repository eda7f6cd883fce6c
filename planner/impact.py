"""The impact index: every reference and risk flag of every module, from one pass over the scan."""

from __future__ import annotations

from typing import Any

from planner.components import Components
from planner.graph import RepoScan
from planner.hazards import Hazard
from planner.reference_kinds import DYNAMIC_KINDS, PROSE_KINDS, STRING_KINDS
from planner.references import Reference

_STRING_KINDS = (
    frozenset(
        {"mock.patch", "monkeypatch", "pytest_plugins", "annotation", "doctest", "sphinx", "string", "module-parts"}
    )
    | {"mock.patch.object", "getattr"}  # a submodule by its attribute name: planner/attribute_strings.py
    | STRING_KINDS
)
_DYNAMIC_KINDS = frozenset({"importlib", "__import__", "code-string"}) | DYNAMIC_KINDS


def impact_index(
    scan: RepoScan, hazards: list[Hazard], components: Components | None = None
) -> dict[str, tuple[list[Reference], set[str]]]:
    """References and risk flags of every module, from one pass over the scan. ``components``:
    those of ``scan.runtime``, already found (its cycles are the groups of two or more)."""
    index: dict[str, tuple[list[Reference], set[str]]] = {}

    def entry(module: str) -> tuple[list[Reference], set[str]]:
        found = index.get(module)
        if found is None:
            found = index[module] = ([], set())
        return found

    for ref in scan.references:
        refs, risks = entry(ref.module)
        refs.append(ref)
        if ref.kind in _DYNAMIC_KINDS:
            risks.add("dynamic-import")
        elif ref.kind in ("__all__", "submodule-attribute"):  # the package exposes the submodule by name
            risks.add("public-re-export")
        elif ref.kind in PROSE_KINDS:
            risks.add("prose")
        elif ref.kind in _STRING_KINDS:
            risks.add("string-reference")
        else:
            risks.add("config-reference")
    for targets in scan.imports.values():
        for imported, records in targets.items():
            _edge_risks(entry(imported)[1], records)
    for group in scan.cycles() if components is None else (c for c in components.found if len(c) > 1):
        for module in group:
            entry(module)[1].add("cycle-member")
    for hazard in hazards:
        entry(hazard.module)[1].add(hazard.kind)
    return index


def _edge_risks(risks: set[str], records: list[dict[str, Any]]) -> None:
    """The risk flags the imports of one edge give the imported module."""
    for record in records:
        if record["type_checking"]:
            risks.add("type-checking-import")
        elif record["optional"]:
            risks.add("optional-import")
        elif record["lazy"]:
            risks.add("lazy-import")
        elif record["conditional"]:
            risks.add("conditional-import")
        if record["form"] == "from-star":
            risks.add("star-import")
        if record["path"].endswith("__init__.py") and record["form"] in ("from", "from-as", "from-star"):
            risks.add("public-re-export")
