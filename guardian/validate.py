"""``guardian validate``'s checks, each a pass/fail/skip result with its detail.

compile every source file; import every module in a fresh interpreter that sees only the
checkout; run the configured test command; naming compliance; no old module path left after the
applied renames; performance against the baseline taken at assess. One failing check is a
result, not an exception: the command records them all and exits 3 when any failed. The checks that run
the checkout's code (imports, the test command) are guardian/checkout_runs.py's.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from guardian import perf
from guardian.checkout_runs import check_imports, check_tests
from guardian.execpolicy import refusal
from guardian.leftovers import find_leftovers
from guardian.tracking import CheckRecord
from planner.checkout_files import walk
from planner.config import Config
from planner.convention import audit
from planner.graph import RepoScan
from planner.python_source import compile_error


def source_files(config: Config) -> list[Path]:
    """Every ``.py`` file under the source roots (virtual envs, caches and ``.guardian`` left out)."""
    found: set[Path] = set()
    for root in config.source_roots:
        found.update(walk(config.root, config.root / root, ".py"))
    return sorted(found)


def check_compile(config: Config) -> CheckRecord:
    """Byte-compile every source file in memory (nothing is written to the checkout)."""
    started = time.monotonic()
    files = source_files(config)
    errors = []
    for path in files:
        rel = path.relative_to(config.root).as_posix()
        try:
            error = compile_error(path.read_bytes(), rel)
        except OSError as exc:
            error = f"{rel}: {exc}"
        if error is not None:
            errors.append(error)
    detail = (
        f"{len(files)} files compile"
        if not errors
        else f"{len(errors)} of {len(files)} files fail: " + "; ".join(errors[:5])
    )
    return CheckRecord.timed("compile", not errors, detail, started, files=len(files), errors=errors)


def check_naming(config: Config, scan: RepoScan) -> CheckRecord:
    """Every non-exempt module follows the naming convention."""
    started = time.monotonic()
    result = audit(config, scan)  # the planner leaves Guardian's shims out of naming and numbering
    shims = sorted(m.path for m in scan.modules.values() if (f := scan.facts.get(m.path)) is not None and f.shim)
    bad = result.noncompliant
    judged = result.modules
    percent = round(100.0 * (judged - len(bad)) / judged, 1) if judged else 100.0
    detail = f"{percent}% compliant ({judged - len(bad)}/{judged})"
    bindings = sorted(  # ``from . import WF1_sub as sub``: codemods/old_name_bindings.py
        f"{m.path}:{n[len('binding:') :]}"
        for m in scan.modules.values()
        if (f := scan.facts.get(m.path)) is not None
        for n in f.bound_names
        if n.startswith("binding:")
    )
    if shims:
        detail += f", {len(shims)} compatibility shim(s) left for Retirement"
    if bindings:
        detail += f", {len(bindings)} compatibility binding(s) of old submodule names left for Retirement"
    if bad:
        detail += ": " + "; ".join(f"{v.path} ({v.reason})" for v in bad[:5]) + (" ..." if len(bad) > 5 else "")
    return CheckRecord.timed(
        "naming",
        not bad,
        detail,
        started,
        percent=percent,
        noncompliant=[v.path for v in bad],
        shims=shims,
        bindings=bindings,
        reasons={v.path: v.reason for v in bad},
    )


def check_leftovers(config: Config, renamed: Mapping[str, str], scan: RepoScan | None = None) -> CheckRecord:
    """No import or exact dotted string still names a module the applied batches renamed (an alias below a
    module whose old path a shim keeps aside: guardian/leftovers.py)."""
    started = time.monotonic()
    if not renamed:
        return CheckRecord.timed("old-names", None, "no rename batch applied", started)
    shimmed = (
        {m.name for m in scan.modules.values() if (f := scan.facts.get(m.path)) is not None and f.shim}
        if scan
        else set()
    )
    found = find_leftovers(config, renamed, shimmed)
    detail = (
        f"no reference to the {len(renamed)} renamed modules left"
        if not found
        else f"{len(found)} reference(s) to old module paths: " + "; ".join(f.describe() for f in found[:5])
    )
    return CheckRecord.timed("old-names", not found, detail, started, leftovers=[f.describe() for f in found])


def baseline_checks(config: Config, scan: RepoScan, tests: CheckRecord | None = None) -> list[CheckRecord]:
    """The performance baseline assess takes: import times and the test-suite time."""
    imports = check_imports(config, sorted(scan.modules))
    failing = imports.metrics.get("failures", {})
    before = CheckRecord(
        "imports",
        "pass" if not failing else "skip",
        imports.detail
        if not failing
        else f"{len(failing)} module(s) did not import before the migration; validate reports them without failing",
        imports.metrics,
        imports.duration,
    )
    started = time.monotonic()
    times = perf.import_times(config, perf.top_level_packages(scan.modules)) if refusal(config) is None else {}
    good = {k: v for k, v in times.items() if isinstance(v, float)}
    records = [
        before,
        CheckRecord.timed(
            "import-time",
            True if good else None,
            ", ".join(f"{k} {v:.3f} s" for k, v in good.items()) or "no package imports",
            started,
            seconds=good,
            errors={k: v for k, v in times.items() if isinstance(v, str)},
        ),
    ]
    tests = tests if tests is not None else check_tests(config)
    seconds = tests.metrics.get("seconds")
    records.append(
        CheckRecord(
            "test-time",
            "pass" if tests.status == "pass" else "skip",
            f"{seconds} s ({tests.detail})" if seconds is not None else tests.detail,
            {"seconds": seconds} if seconds is not None else {},
            tests.duration,
        )
    )
    return records


def check_performance(
    config: Config,
    scan: RepoScan,
    baseline: Iterable[CheckRecord] | None,
    tests: CheckRecord,
    renamed: Mapping[str, str],
) -> CheckRecord:
    """Import and test-suite times against the assess baseline, within ``perf_threshold``."""
    started = time.monotonic()
    limit = perf.threshold(config)
    base = {c.check: c for c in baseline or ()}
    if not base:
        return CheckRecord.timed(
            "performance",
            None,
            "no baseline recorded: run `guardian assess --baseline` before changing the code",
            started,
        )
    refused = refusal(config)
    if refused is not None:
        return CheckRecord.timed("performance", None, f"skipped: {refused}", started)
    before_imports = {
        renamed.get(k, k): float(v) for k, v in base.get("import-time", _EMPTY).metrics.get("seconds", {}).items()
    }
    now = perf.import_times(config, sorted(before_imports))
    current = {k: v for k, v in now.items() if isinstance(v, float)}
    slow = perf.regressions(before_imports, current, limit, perf.IMPORT_SLACK_SECONDS)
    before_tests = base.get("test-time", _EMPTY).metrics.get("seconds")
    after_tests = tests.metrics.get("seconds")
    if isinstance(before_tests, (int, float)) and isinstance(after_tests, (int, float)):
        slow += perf.regressions(
            {"test suite": float(before_tests)}, {"test suite": float(after_tests)}, limit, perf.TESTS_SLACK_SECONDS
        )
    parts = [f"{k} {before_imports[k]:.3f} -> {current[k]:.3f} s" for k in sorted(current)]
    if isinstance(before_tests, (int, float)) and isinstance(after_tests, (int, float)):
        parts.append(f"tests {before_tests:.2f} -> {after_tests:.2f} s")
    detail = (
        f"within {limit}x of the baseline: "
        if not slow
        else "slower than " + f"{limit}x the baseline: " + ", ".join(f"{r.what} {r.ratio:.2f}x" for r in slow) + "; "
    )
    return CheckRecord.timed(
        "performance",
        not slow,
        detail + "; ".join(parts),
        started,
        threshold=limit,
        imports={k: [before_imports[k], current[k]] for k in current},
        tests=[before_tests, after_tests],
        regressions=[r.what for r in slow],
    )


_EMPTY = CheckRecord("", "skip", "", {}, None)


def run_checks(
    config: Config, scan: RepoScan, renamed: Mapping[str, str], baseline: Iterable[CheckRecord] | None
) -> list[CheckRecord]:
    """Every check of ``guardian validate``, in order."""
    tests = check_tests(config)
    before = {c.check: c for c in baseline or ()}.get("imports", _EMPTY).metrics.get("failures", {})
    known = {renamed.get(k, k): str(v) for k, v in before.items()}
    from guardian.public_paths import check_public_paths

    return [
        check_compile(config),
        check_imports(config, sorted(scan.modules), known),
        tests,
        check_naming(config, scan),
        check_leftovers(config, renamed, scan),
        check_public_paths(config, scan, renamed),
        check_performance(config, scan, baseline, tests, renamed),
    ]


def record_baseline(app: Any, scan: RepoScan) -> list[CheckRecord] | None:
    """Take and record the performance baseline at assess, unless the migration already changed the code.

    Returns:
        The baseline checks, or None when a rename batch is applied (the first baseline stays in force).
    """
    from guardian.workflow.guard import snapshot

    if any(status == "applied" for status in snapshot(app).batch_status.values()):
        app.info("performance baseline kept: batches are already applied (the baseline describes the code before)")
        return None
    checks = baseline_checks(app.config, scan)
    app.tracker.record_baseline(checks)
    return checks
