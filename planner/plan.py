"""The rename plan as data: renames in batches, conflicts, hazards, and its exact JSON text.

planner/build_plan.py makes a plan from a scan, planner/plan_file.py reads one back from
``.guardian/plan.json`` (untrusted input). ``Plan.dumps`` is byte-stable: the same tree always
gives the same text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import orjson

from planner.errors import InputError
from planner.hazards import Hazard
from planner.reference_kinds import reference_action
from planner.references import Reference

PLAN_VERSION = 1
PLAN_PATH = ".guardian/plan.json"

#: Risk flags a rename can carry (the review lists them; apply treats some specially).
RISKS = (
    "dynamic-import",
    "string-reference",
    "config-reference",
    "public-re-export",
    "cycle-member",
    "lazy-import",
    "optional-import",
    "conditional-import",
    "type-checking-import",
    "star-import",
    "shadowed-submodule",
    "local-name-clash",
    "stub",
    "swap",
    "prose",
    "unresolved-dynamic-import",
    "unknown-dynamic-import",
    "module-name-tail",
    "module-file-name",
    "module-name-data",
    "unparsed-importer",
)


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    old_module: str
    new_module: str
    reason: str
    importers: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    risks: tuple[str, ...] = ()
    #: companion files moving with the module: (.pyi old path, new path)
    companions: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "old_module": self.old_module,
            "new_module": self.new_module,
            "reason": self.reason,
            "importers": list(self.importers),
            "references": [
                {"path": r.path, "line": r.line, "kind": r.kind, "text": r.text, "action": reference_action(r.kind)}
                for r in self.references
            ],
            "risks": list(self.risks),
            "companions": [list(c) for c in self.companions],
        }


@dataclass(frozen=True)
class Batch:
    id: int
    renames: tuple[Rename, ...]
    impact_files: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """sha256 of what the batch does; an approval is bound to it."""
        core = [[r.old, r.new, r.old_module, r.new_module, [list(c) for c in r.companions]] for r in self.renames]
        return hashlib.sha256(json.dumps(core, sort_keys=True).encode()).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "digest": self.digest,
            "renames": [r.to_json() for r in self.renames],
            "impact": {"files": list(self.impact_files)},
        }


@dataclass(frozen=True)
class PlanConflict:
    kind: str  #: target-exists | duplicate-target | case-collision | shadows-module | invalid-identifier | no-workflow
    old: str
    new: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "old": self.old, "new": self.new, "detail": self.detail}


@dataclass(frozen=True)
class Kept:
    """A module that keeps its name though no ``exempt`` glob lists it: pytest collects it by name."""

    module: str
    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"module": self.module, "path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class Plan:
    version: int
    pattern: str
    batches: tuple[Batch, ...]
    conflicts: tuple[PlanConflict, ...] = ()
    enums: tuple[dict[str, Any], ...] = ()
    hazards: tuple[Hazard, ...] = field(default=())
    kept: tuple[Kept, ...] = ()

    @property
    def renames(self) -> list[Rename]:
        return [r for b in self.batches for r in b.renames]

    def batch(self, batch_id: int) -> Batch:
        for batch in self.batches:
            if batch.id == batch_id:
                return batch
        known = ", ".join(str(b.id) for b in self.batches) or "none"
        raise InputError(PLAN_PATH, f"no batch {batch_id} in the plan", hint=f"batches: {known}")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": PLAN_VERSION,
            "pattern": self.pattern,
            "batches": [b.to_json() for b in self.batches],
            "conflicts": [c.to_json() for c in self.conflicts],
            "enums": list(self.enums),
            "hazards": [h.to_json() for h in self.hazards],
        } | ({"kept": [k.to_json() for k in self.kept]} if self.kept else {})  # absent: none (older plans)

    def dumps(self) -> str:
        """The plan file's exact text: stable key order, no timestamps, so re-planning is byte-identical."""
        return plan_text(self.to_json())


def plan_text(data: dict[str, Any]) -> str:
    """A plan file's text: ``json.dumps(data, indent=2, ensure_ascii=False)`` and a newline.

    orjson writes it, byte for byte the stdlib's text for what a plan holds (strings, integers,
    booleans, null, lists and objects with string keys; tests/planner/test_plan_text.py checks
    this): with ``indent`` the stdlib runs its pure-Python encoder, a fifth of a warm
    ``guardian plan``. What orjson refuses (a lone surrogate, an integer beyond 64 bits, a
    non-string key) goes through the stdlib as before. A float (only a hand-edited plan's
    ``enums`` could carry one) is spelled orjson's way (``1e16``, not ``1e+16``): still the
    same JSON value.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
