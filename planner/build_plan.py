"""Build the rename plan: every non-compliant module's target, in batches, with its global impact.

``build_plan`` is pure: it reads the scan and returns frozen data (planner/plan.py). The same
tree always gives the same plan, a compliant tree gives no rename, and every conflict is
collected before anything is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from planner.batching import make_batches
from planner.config import Config
from planner.conflicts import Planned, find_conflicts
from planner.convention import Audit, audit
from planner.dynamic_imports import find_dynamic
from planner.file_findings import FindingsCache
from planner.graph import RepoScan
from planner.hazards import Hazard, find_hazards
from planner.impact import impact_index
from planner.name_tail_plan import name_tail_hazards
from planner.plan import PLAN_VERSION, RISKS, Kept, Plan, PlanConflict, Rename
from planner.references import without_group_names
from planner.scan import FactsCache, ProgressFn, scan_repo
from planner.unparsed_files import newer_syntax_hint, unparsed_importer_hazards


def build_plan(
    config: Config,
    scan: RepoScan | None = None,
    *,
    enums: Iterable[dict[str, Any]] = (),
    first_batch: int = 1,
    findings: FindingsCache | None = None,
) -> Plan:
    """Plan the renames that make the checkout compliant.

    ``first_batch`` numbers the batches: after batches 1 and 2 were applied, re-planning the rest
    starts at 3, so a batch id never names two different sets of renames. ``findings``: what
    ``find_dynamic`` found in each file by an earlier plan (planner/file_findings.py).

    Returns:
        The plan; its ``conflicts`` list every problem found (the CLI exits 3 when there are any).

    Raises:
        InputError: the repository or a source root does not exist.
    """
    scan = scan or scan_repo(config)
    return _plan(config, scan, tuple(enums), first_batch, findings)


def plan_repo(
    config: Config,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    cache: FactsCache | None = None,
    enums: Iterable[dict[str, Any]] = (),
    first_batch: int = 1,
) -> Plan:
    """:func:`scan_repo` then :func:`build_plan`.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    scan = scan_repo(config, jobs=jobs, progress=progress, cache=cache)
    return build_plan(config, scan, enums=enums, first_batch=first_batch)


def _plan(
    config: Config,
    scan: RepoScan,
    enums: tuple[dict[str, Any], ...],
    first_batch: int,
    findings: FindingsCache | None,
) -> Plan:
    result = audit(config, scan)
    dynamic, dynamic_hazards = find_dynamic(config.root, scan, findings)  # module paths outside the import graph
    references = without_group_names(config.root, [*scan.references, *dynamic])  # a group keeps its name
    scan = dataclasses.replace(scan, references=tuple(references))
    hazards = find_hazards(scan) + dynamic_hazards
    hazards += name_tail_hazards(config.root, (*scan.modules.values(), *scan.scripts), scan.facts, scan.modules)
    placed = {p.path for p in result.assignment.placements.values()}
    renamed = [v.module for v in result.noncompliant if v.target is not None]
    hazards += unparsed_importer_hazards(str(config.root), scan.syntax_errors, placed, renamed)
    renames, conflicts = _renames(config, scan, result, hazards)
    conflicts = [
        PlanConflict(
            "syntax-error",
            problem.path,
            "",
            f"line {problem.line}: {problem.message}; "
            + (
                f"{hint}; exempting the file would hide its imports"
                if (hint := newer_syntax_hint(str(config.root), problem))
                else "its imports cannot be read, so its place in the dependency order is unknown: fix it or exempt it"
            ),
        )
        for problem in scan.syntax_errors
        if problem.path in placed
    ] + conflicts
    assignment = result.assignment
    batches = make_batches(config, scan, assignment.components, renames, first_batch)
    kept = tuple(
        sorted(
            (Kept(name, scan.modules[name].path, why) for name, why in assignment.kept.items()), key=lambda k: k.path
        )
    )
    return Plan(PLAN_VERSION, config.pattern, batches, tuple(conflicts), enums, tuple(hazards), kept)


def _renames(
    config: Config, scan: RepoScan, result: Audit, hazards: list[Hazard]
) -> tuple[list[Rename], list[PlanConflict]]:
    conflicts: list[PlanConflict] = []
    planned: list[Planned] = []
    for verdict in result.noncompliant:
        module = scan.modules[verdict.module]
        if verdict.target is None:
            conflicts.append(PlanConflict("no-workflow", module.path, "", verdict.reason))
            continue
        directory = module.path.rpartition("/")[0]
        new_path = f"{directory}/{verdict.target}.py" if directory else f"{verdict.target}.py"
        parent = module.name.rpartition(".")[0]
        new_module = f"{parent}.{verdict.target}" if parent else verdict.target
        planned.append((module.name, module.path, new_path, new_module, verdict.reason))
    conflicts += find_conflicts(config, scan, planned)
    by_module = impact_index(scan, hazards, result.assignment.components)
    sources = {old for _, old, _, _, _ in planned}
    targets = {new for _, _, new, _, _ in planned}
    renames = []
    for name, old, new, new_module, reason in planned:
        module = scan.modules[name]
        companions = ((module.stub, new[:-3] + ".pyi"),) if module.stub else ()
        references, risks = by_module.get(name, ((), set()))
        risks = set(risks) | ({"stub"} if companions else set())
        if old in targets or new in sources:
            risks.add("swap")  # part of a chain or cycle of renames: apply goes through temporary names
        renames.append(
            Rename(
                old,
                new,
                name,
                new_module,
                f"{reason} -> {new.rpartition('/')[2]}",
                tuple(scan.importers(name)),
                tuple(references),
                tuple(r for r in RISKS if r in risks),
                companions,
            )
        )
    return renames, conflicts
