"""The naming convention: format a target name, recognise a compliant one, audit a checkout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from planner.config import Config
from planner.graph import RepoScan
from planner.layers import Assignment, Placement, assign
from planner.pattern import NUMERIC_FIELDS, Pattern, split_private


class Verdict(NamedTuple):
    """A module's name judged against the convention (a named tuple: one per module)."""

    module: str
    path: str
    compliant: bool
    target: str | None  #: the compliant basename, None when it cannot be named (no workflow)
    reason: str


@dataclass(frozen=True)
class Audit:
    verdicts: tuple[Verdict, ...]
    assignment: Assignment

    @property
    def modules(self) -> int:
        return len(self.verdicts)

    @property
    def compliant(self) -> int:
        return sum(v.compliant for v in self.verdicts)

    @property
    def percent(self) -> float:
        return round(100.0 * self.compliant / self.modules, 1) if self.verdicts else 100.0

    @property
    def noncompliant(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.compliant]

    def to_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "modules": self.modules,
            "compliant": self.compliant,
            "percent": self.percent,
            "noncompliant": [
                {"path": v.path, "module": v.module, "target": v.target, "reason": v.reason} for v in self.noncompliant
            ],
        }
        if self.assignment.kept:  # absent: no test module outside the exempt globs
            found["kept"] = [{"module": m, "reason": why} for m, why in self.assignment.kept.items()]
        return found


def judge(pattern: Pattern, placement: Placement, basename: str) -> Verdict:
    """Compare a module's name with what the convention gives it, and say why they differ."""
    if placement.workflow is None:
        return Verdict(
            placement.module,
            placement.path,
            False,
            None,
            "no [workflows] glob matches this path; add one so it can be named",
        )
    fields = pattern.parse(basename)
    base = pattern.base_name(basename, fields or {})
    target = pattern.format(placement, base)
    if basename in (target, pattern.legacy(placement, base)):  # a private name in either spelling
        return Verdict(placement.module, placement.path, True, basename, "compliant")
    if fields is None:
        reason = f"does not follow the pattern {pattern.text}"
        if split_private(base)[0]:
            reason += " (a private name keeps its leading underscore)"
    else:
        expected = {
            "workflow": placement.workflow,
            "version": pattern.version,
            "layer": placement.layer,
            "index": placement.index,
            "total": placement.total,
        }
        wrong = [
            f"{key} {fields[key]} should be {expected[key]}"
            for key in NUMERIC_FIELDS
            if key in fields and fields[key] is not None and int(fields[key]) != expected[key]
        ]
        reason = "; ".join(wrong) or f"should be named {target}"
        if placement.layer_source == "graph" and any(w.startswith("layer") for w in wrong):
            reason += " (layer from the import graph)"
    return Verdict(placement.module, placement.path, False, target, reason)


def audit(config: Config, scan: RepoScan, assignment: Assignment | None = None) -> Audit:
    """Naming compliance of every non-exempt module."""
    assignment = assignment or assign(config, scan)
    pattern = Pattern(config.pattern, config.version)
    verdicts = [
        judge(pattern, p, scan.modules[p.module].basename)
        for p in sorted(assignment.placements.values(), key=lambda p: p.path)
    ]
    return Audit(tuple(verdicts), assignment)


def targets(audit_result: Audit) -> Mapping[str, str]:
    """Module -> new basename, for every non-compliant module that can be named."""
    return {v.module: v.target for v in audit_result.verdicts if not v.compliant and v.target}
