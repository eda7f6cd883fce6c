"""The compliance gate of ``guardian check``: what breaks the convention once the migration is done.

Pure: it reads a scan (no target code runs) and returns findings, each a ``path:line`` and a
message. Four kinds fail the gate:

- ``naming``: a module outside the exemptions whose name breaks the convention (with the reason);
- ``layer``: a run-time import of a higher layer that the baseline did not have;
- ``cycle``: an import cycle that the baseline did not have (a cycle inside one recorded at the
  baseline is not new);
- ``retired-path``: an import or a dotted string naming a module a rename batch retired.

A file that does not parse is a finding too (``syntax``): its imports cannot be checked.

The baseline is what the assessment recorded before the migration (module names carried through
the renames applied since); without one, every cycle and layer violation counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.config import Config
from planner.convention import Audit, audit
from planner.errors import InputError
from planner.graph import RepoScan

#: The committed baseline (repo root): known cycles and layer violations and the retired module
#: paths, for checkouts without ``.guardian/`` (a CI clone). ``guardian check --update-baseline``.
BASELINE_FILE = ".guardian-baseline.json"
BASELINE_VERSION = 1

#: The kinds of finding, in the order they are reported.
KINDS = ("syntax", "naming", "layer", "cycle", "retired-path")


@dataclass(frozen=True)
class CheckFinding:
    path: str
    line: int
    kind: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class Baseline:
    """What was already there when the migration was assessed: not new, so not failing."""

    cycles: tuple[frozenset[str], ...] = ()
    #: (importer, imported) of each accepted layer violation
    layer_violations: frozenset[tuple[str, str]] = frozenset()
    #: where it came from, for the report ("" when there is none)
    source: str = ""

    @classmethod
    def from_assessment(cls, report: Mapping[str, object], renamed: Mapping[str, str], source: str) -> Baseline:
        """The baseline of an ``assess --json`` report, its module names moved through ``renamed``
        (old dotted name -> new); malformed parts are ignored (the report is only a baseline)."""
        cycles_in = report.get("cycles")
        violations_in = report.get("layer_violations")
        cycles = tuple(
            frozenset(renamed.get(str(m), str(m)) for m in group)
            for group in (cycles_in if isinstance(cycles_in, list) else [])
            if isinstance(group, list)
        )
        violations = frozenset(
            (renamed.get(str(v["importer"]), str(v["importer"])), renamed.get(str(v["imported"]), str(v["imported"])))
            for v in (violations_in if isinstance(violations_in, list) else [])
            if isinstance(v, dict) and "importer" in v and "imported" in v
        )
        return cls(cycles, violations, source)

    def merged(self, other: Baseline) -> Baseline:
        sources = " + ".join(s for s in (self.source, other.source) if s)
        return Baseline(self.cycles + other.cycles, self.layer_violations | other.layer_violations, sources)


def baseline_record(scan: RepoScan, audited: Audit, retired: Mapping[str, str]) -> dict[str, object]:
    """The baseline file's content: today's cycles and layer violations accepted, the retired paths kept."""
    return {
        "version": BASELINE_VERSION,
        "cycles": scan.cycles(),
        "layer_violations": [
            list(pair) for pair in sorted({(v.importer, v.imported) for v in audited.assignment.violations})
        ],
        "retired": dict(sorted(retired.items())),
    }


def read_baseline_record(data: object, source: str = BASELINE_FILE) -> tuple[Baseline, dict[str, str]]:
    """A baseline file's accepted cycles and layer violations, and its retired paths (old -> new).

    Raises:
        InputError: not a baseline of this version, or a key of the wrong shape (the file is input).
    """

    def fail(key: str, what: str) -> InputError:
        return InputError(source, f"{key}: {what}", hint="regenerate it with `guardian check --update-baseline`")

    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise fail("version", f"expected a baseline object of version {BASELINE_VERSION}")
    cycles, violations, retired = data.get("cycles", []), data.get("layer_violations", []), data.get("retired", {})
    if not isinstance(cycles, list) or not all(
        isinstance(g, list) and all(isinstance(m, str) for m in g) for g in cycles
    ):
        raise fail("cycles", "expected a list of lists of module names")
    if not isinstance(violations, list) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(m, str) for m in v) for v in violations
    ):
        raise fail("layer_violations", "expected a list of [importer, imported] pairs")
    if not isinstance(retired, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in retired.items()):
        raise fail("retired", "expected an object of old module -> new module")
    baseline = Baseline(tuple(frozenset(g) for g in cycles), frozenset((a, b) for a, b in violations), source)
    return baseline, dict(retired)


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[CheckFinding, ...]
    modules: int
    baseline: Baseline = field(default_factory=Baseline)
    #: cycles and layer violations left out because the baseline had them
    known: int = 0

    @property
    def passed(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in KINDS}
        for finding in self.findings:
            counts[finding.kind] += 1
        return counts

    def to_json(self) -> dict[str, object]:
        return {
            "passed": self.passed,
            "modules": self.modules,
            "counts": self.counts(),
            "findings": [f.to_json() for f in self.findings],
            "baseline": {
                "source": self.baseline.source or None,
                "cycles": len(self.baseline.cycles),
                "layer_violations": len(self.baseline.layer_violations),
                "known_left_out": self.known,
            },
        }


def check(
    config: Config,
    scan: RepoScan,
    *,
    baseline: Baseline | None = None,
    retired: Mapping[str, str] | None = None,
    audited: Audit | None = None,
) -> CheckResult:
    """Every finding of the compliance gate, sorted by path and line.

    Args:
        config: the configuration (pattern, exemptions, layers, workflows).
        scan: the checkout's scan.
        baseline: cycles and layer violations already accepted; None: none is.
        retired: old dotted module -> new, for the renames applied (from the journal).
        audited: :func:`planner.convention.audit` of the scan, when already computed.
    """
    baseline = baseline or Baseline()
    audited = audited or audit(config, scan)
    findings: list[CheckFinding] = []
    placed = {p.path for p in audited.assignment.placements.values()}
    findings += [
        CheckFinding(s.path, s.line, "syntax", f"does not parse ({s.message}): its imports cannot be checked")
        for s in scan.syntax_errors
        if s.path in placed
    ]
    for verdict in audited.noncompliant:
        expected = f"; expected {verdict.target}.py" if verdict.target else ""
        findings.append(
            CheckFinding(
                verdict.path, 1, "naming", f"{verdict.module} breaks the naming convention: {verdict.reason}{expected}"
            )
        )
    known = 0
    for violation in audited.assignment.violations:
        if (violation.importer, violation.imported) in baseline.layer_violations:
            known += 1
            continue
        findings.append(
            CheckFinding(
                violation.path,
                violation.line,
                "layer",
                f"{violation.importer} (layer {violation.importer_layer}) imports {violation.imported} "
                f"(layer {violation.imported_layer}): a lower layer must not import a higher one",
            )
        )
    for group in scan.cycles():
        members = frozenset(group)
        if any(members <= accepted for accepted in baseline.cycles):
            known += 1
            continue
        path, line = _cycle_site(scan, group)
        findings.append(CheckFinding(path, line, "cycle", "new import cycle: " + " -> ".join([*group, group[0]])))
    findings += retired_references(scan, retired or {})
    order = {kind: i for i, kind in enumerate(KINDS)}
    findings.sort(key=lambda f: (f.path, f.line, order[f.kind], f.message))
    return CheckResult(tuple(findings), len(audited.verdicts), baseline, known)


def _cycle_site(scan: RepoScan, group: list[str]) -> tuple[str, int]:
    """Where the cycle shows: the first import, in the first member, of another member."""
    members = set(group)
    successors = scan.runtime.adj
    for module in group:
        for target, data in sorted(successors[module].items(), key=lambda item: (item[1]["line"], item[0])):
            if target in members:
                return str(data["path"]), int(data["line"])
    return scan.modules[group[0]].path, 1


def retired_references(scan: RepoScan, retired: Mapping[str, str]) -> list[CheckFinding]:
    """Imports and dotted strings naming a retired module (an old name no live module has now).

    Read from the scan's facts: imports resolved against the file's package (``from pkg import
    mod`` names ``pkg.mod`` unless the package binds ``mod`` itself), strings only on an exact
    dotted match or a match followed by ``.attribute`` / ``:attribute`` (never a prefix:
    ``pkg.models`` does not name ``pkg.mod``). A compatibility shim left at an old path does not
    bring its name back to life: references to it still count.
    """
    live = {
        name
        for name, module in scan.modules.items()
        if not ((facts := scan.facts.get(module.path)) is not None and facts.shim)
    }
    olds = {old: new for old, new in retired.items() if old not in live}
    if not olds:
        return []
    init_paths = {m.name: m.path for m in scan.modules.values() if m.is_package}
    found: list[CheckFinding] = []
    for file in (*scan.modules.values(), *scan.scripts):
        facts = scan.facts.get(file.path)
        if facts is None or facts.shim:
            continue
        for imp in facts.imports:
            base = imp.resolve_base(file.package)
            if base is None:
                continue
            names = (
                [base] if imp.name is None or imp.name == "*" else [f"{base}.{imp.name}" if base else imp.name, base]
            )
            for name in names:
                old = _retired(name, olds)
                if old is None:
                    continue
                if (
                    imp.name is not None
                    and name != base
                    and name == old
                    and (_binds(scan, init_paths, base, imp.name) or _star_binds(scan, init_paths, base, imp.name))
                ):
                    continue  # the package's own attribute of that name (a star import's too), not the retired submodule
                found.append(
                    CheckFinding(
                        file.path, imp.line, "retired-path", f"imports {name}: {old} was renamed to {olds[old]}"
                    )
                )
                break
        for string in facts.strings:
            text = string.text.partition(":")[0]
            if "." not in text or string.kind == "module-words":  # ``run(["pkg", "mod"])``: apply leaves it too
                continue
            old = _retired(text, olds)
            package, _, name = text.rpartition(".")
            if string.kind == "doctest-from" and (
                _binds(scan, init_paths, package, name) or _star_binds(scan, init_paths, package, name)
            ):
                continue  # ``>>> from pkg import slug``: the package's own object of that name, as for an import
            if old is not None and (string.kind != "module-parts" or old == text):  # ``["pkg", "mod", "x"]``: words
                found.append(
                    CheckFinding(
                        file.path,
                        string.line,
                        "retired-path",
                        f"{string.kind} reference {string.text!r} names {old}, renamed to {olds[old]}",
                    )
                )
    return found


def _retired(name: str, olds: Mapping[str, str]) -> str | None:
    """The retired module ``name`` is or lies inside (``old`` or ``old.attribute``), else None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in olds:
            return candidate
    return None


def _star_binds(scan: RepoScan, init_paths: Mapping[str, str], package: str, name: str) -> bool:
    """Does ``package`` bind ``name`` through ``from .mod import *`` of a module that exports it (python-slugify's
    ``from .slugify import *`` binds the function ``slugify``)?"""
    path = init_paths.get(package)
    facts = scan.facts.get(path) if path is not None else None
    for imp in facts.imports if facts is not None else ():
        base = imp.resolve_base(package) if imp.form == "from-star" else None
        source = scan.modules.get(base) if base is not None else None
        found = scan.facts.get(source.path) if source is not None else None
        if found is not None and (
            name in found.dunder_all or ("__all__" not in found.bound_names and name in found.bound_names)
        ):
            return True
    return False


def _binds(scan: RepoScan, init_paths: Mapping[str, str], package: str, name: str) -> bool:
    path = init_paths.get(package)
    facts = scan.facts.get(path) if path is not None else None
    # the retired submodule is gone, so whatever the package binds under that name is what the
    # import gets (a definition, an assignment, ``from .x import name``); Guardian's compatibility
    # binding of the old name is a shim: an import through it still names the retired path
    if facts is None or f"binding:{name}" in facts.bound_names:
        return False
    return name in facts.bound_names or f"from:{name}" in facts.bound_names
