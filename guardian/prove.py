"""Prove each applied batch with the project's own tests; roll back and bisect a batch that breaks one.

This is the configured-test-command trust zone (docs/design.md "Trust model"): the target's code runs only
here and in ``guardian validate``, through the command the user configured (``[validate] tests`` or
``guardian apply --tests CMD``), in the target's own interpreter (``[validate] python``), never
Guardian's.

The flow, for ``apply`` with a test command:

1. **Baseline.** The whole suite runs once before the first batch; pytest's short summary (``-rfEpxX``) gives
   each node id's outcome.
2. **After each batch.** The tests that import a renamed module, directly or through other modules
   (the import graph; also through a module that reaches it by its path: a table of paths, a computed
   import), run again; all of them under ``--all-tests``, or when the test runner itself imports a
   renamed module when it starts (its old path then keeps a shim). Node ids are mapped old -> new first: a renamed test file, a
   parameter id built from a module's name (``ids=lambda m: m.__name__``).
3. **A test that passed and fails now** in a selected run is first run again with the whole command, as
   the baseline ran it (a test may need what another path's collection imports): passing there, it is no
   loss. A loss left is re-run on a scratch copy of the tree as it was
   before the batch: failing there too, it is flaky and never blamed. Otherwise the batch is rolled
   back through the journal and bisected: halves of its renames are re-applied on scratch copies
   until the smallest sets that break the tests are found. :class:`TestsBroke` names them, the
   failing tests and the first line of each failure (exit 3).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from codemods.apply_batches import BatchOutcome, Runner
from codemods.base import Renames
from codemods.batch_edit import Options
from codemods.git import forget_intent
from codemods.journal_port import RollbackJournal
from failures import ExitCode
from guardian.checkout_runs import tests_timeout
from guardian.errors import GuardianError, UsageError
from guardian.installed_metadata import installed_entry_points
from guardian.suite_runs import TestRun, pytest_argv, run_tests, runner_imports, target_python, xdist_available
from guardian.test_selection import affected_tests, normalise
from planner.config import DEFAULT_EXEMPT, Config
from planner.graph import RepoScan
from planner.plan import Batch, Plan, Rename
from planner.scan import scan_repo

__all__ = ["Prover", "TestRun", "TestsBroke", "run_tests", "target_python", "tests_timeout"]


#: Left out of scratch copies: version control, Guardian's state, caches and environments.
_NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".guardian",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
    "*.pyc",
)
Say = Callable[[str], None]


class TestsBroke(GuardianError):
    """A batch broke tests that passed before; it was rolled back (exit 3)."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, batch: int, culprits: Sequence[Sequence[Rename]], failures: Mapping[str, str]) -> None:
        names = "; ".join(" + ".join(f"{r.old_module} -> {r.new_module}" for r in group) for group in culprits)
        shown = [f"{test}: {message}" if message else test for test, message in sorted(failures.items())[:10]]
        more = f" (and {len(failures) - 10} more)" if len(failures) > 10 else ""
        super().__init__(
            f"batch {batch} broke {len(failures)} test(s) that passed before and was rolled back; "
            f"culprit rename(s): {names}; failing: " + " | ".join(shown) + more,
            hint=_keep_hint(culprits),
        )
        self.batch = batch
        self.culprits = [list(group) for group in culprits]
        self.failures = dict(failures)


def _keep_hint(culprits: Sequence[Sequence[Rename]]) -> str:
    """How to go on: keep the culprits' names (their paths, ready for ``exempt``) or fix what ties a test to them."""
    paths = ", ".join(json.dumps(r.old) for group in culprits for r in group)
    return (
        f"to keep the culprit's name, add {paths} to `exempt`, beside the defaults you rely on "
        f"({', '.join(json.dumps(g) for g in DEFAULT_EXEMPT)}), which a list of your own replaces; or fix what ties "
        "the test to the old name (a registry keyed by module name, a path in a string); then `guardian plan` and "
        "apply again"
    )


@dataclass
class Prover:
    """The ``apply --tests`` hooks: ``baseline()`` once, then ``before(batch)``/``after(outcome)`` per batch."""

    config: Config
    plan: Plan
    command: str
    say: Say
    all_tests: bool = False
    jobs: int = 1
    options: Options = field(default_factory=Options)
    python: str = ""
    argv: list[str] = field(default_factory=list)
    timeout: float = 1800.0
    passing: set[str] = field(default_factory=set)
    #: the checkout's modules the test runner imports by their paths when it starts (pytest 8.4 and later:
    #: ``pygments.lexer`` ...): their old paths keep a shim (``options.keep``), and a batch renaming one runs
    #: every test
    runner: frozenset[str] = frozenset()
    #: the checkout's modules that the target environment's installed metadata names (an editable install's
    #: ``entry_points.txt``: guardian/installed_metadata.py): their old paths keep a shim
    installed: frozenset[str] = frozenset()
    #: renamed module -> the top-level names of installed code of other distributions that imports it by its path
    #: (guardian/installed_importers.py): a test importing that code is selected with the module
    importers: Mapping[str, Collection[str]] = field(default_factory=dict)
    #: each test file's place in the baseline's collection order: a selection runs in that order, as a
    #: suite whose module sets a global state at import (Markdown's warnings filter) needs
    files: dict[str, int] = field(default_factory=dict)
    flaky: set[str] = field(default_factory=set)
    scan: RepoScan | None = None
    _snapshot: Path | None = None
    _scratch: tempfile.TemporaryDirectory[str] | None = None
    report: list[dict[str, object]] = field(default_factory=list)
    note: str = ""  #: why the tests run serially although --jobs asked for workers
    #: the batch's tests lost in the selected run that passed in the whole suite (``after``)
    _selection_only: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.python = self.python or target_python(self.config)
        self.argv = pytest_argv(self.command, self.python)
        if self.jobs > 1 and not xdist_available(self.python):
            self.note = "pytest-xdist is not installed in the target environment; running tests serially"
            self.say(f"tests: {self.note}")
            self.jobs = 1

    # -- lifecycle ------------------------------------------------------------------------------
    def baseline(self) -> TestRun:
        """Run the whole suite once and remember which tests pass."""
        workers = f", pytest-xdist -n {self.jobs}" if self.jobs > 1 else ""
        self.say(f"tests: baseline run of `{self.command}` ({self.python}{workers})")
        run = self._run(self.config.root)
        self.passing = run.passed()
        for test in run.outcomes:
            self.files.setdefault(test.partition("::")[0], len(self.files))
        if not self.passing:  # nothing to compare with: a batch would be "proved" by no test at all
            raise UsageError(
                f"the baseline test run passed no test (exit {run.returncode}): "
                + (" | ".join(run.tail[-3:]) or "no output"),
                hint="check `[tool.guardian.validate] tests` runs pytest from the repository root",
            )
        self.say(
            f"tests: baseline {len(self.passing)} passed, {len(run.outcomes) - len(self.passing)} not passing "
            f"in {run.seconds:.1f}s"
        )
        self.scan = scan_repo(self.config)
        self._keep_runner_imports()
        self.report.append(
            {
                "step": "baseline",
                "passed": len(self.passing),
                "total": len(run.outcomes),
                "seconds": round(run.seconds, 2),
                "jobs": self.jobs,
            }
            | ({"note": self.note} if self.note else {})
            | ({"runner_imports": sorted(self.runner)} if self.runner else {})
            | ({"installed_entry_points": sorted(self.installed)} if self.installed else {})
        )
        return run

    def _keep_runner_imports(self) -> None:
        renamed = {r.old_module for b in self.plan.batches for r in b.renames}
        roots = [self.config.root / r for r in self.config.source_roots]  # as the runs have them (_run)
        self.runner = frozenset(runner_imports(self.argv, self.config.root, pythonpath=roots)) & renamed
        # an editable install's entry points (a pytest plugin, a console script) name old paths outside the checkout
        self.installed = frozenset(installed_entry_points(self.python, self.config.root)) & renamed
        if self.options.shims:
            return
        self.options = replace(self.options, keep=self.options.keep | self.runner | self.installed)
        for modules, what in (
            (self.runner, "the test runner imports {n} module(s) of the checkout when it starts"),
            (self.installed, "the target environment's installed entry points name {n} module(s) of the checkout"),
        ):
            if modules:
                shown = ", ".join(sorted(modules)[:6]) + (" ..." if len(modules) > 6 else "")
                self.say(
                    f"tests: {what.format(n=len(modules))} ({shown}): their old paths keep a shim, removed by "
                    "`guardian retire`"
                )

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def before(self, batch: Batch) -> None:
        """Snapshot the tree as it is before ``batch`` (the flaky re-run and the bisection start from it)."""
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="guardian-prove-")
        self._snapshot = Path(self._scratch.name) / f"before-{batch.id}"
        if self._snapshot.exists():
            shutil.rmtree(self._snapshot)
        shutil.copytree(self.config.root, self._snapshot, ignore=_NOT_COPIED, symlinks=True)

    def after(self, outcome: BatchOutcome, journal: RollbackJournal) -> None:
        """Run the affected tests; on a regression roll the batch back, bisect it and raise.

        Raises:
            TestsBroke: a test that passed before fails now and not on the unchanged tree.
        """
        batch = self.plan.batch(outcome.batch)
        mapping = dict(outcome.edit.mapping)
        renames = Renames.of(mapping)
        paths = {r.old: r.new for r in batch.renames}
        expected = {normalise(t, renames, paths): t for t in self._ordered(self.passing)}
        order = {paths.get(f, f): i for f, i in self.files.items()}
        assert self.scan is not None
        baseline_files = {t.partition("::")[0] for t in self.passing}
        targets = (
            None
            if self.all_tests
            else affected_tests(self.scan, self.plan, mapping, baseline_files, self.runner, self.importers)
        )
        if targets is not None:  # only files the suite itself collects (not a norecursedirs fixture)
            collected = {normalise(t, renames, paths).partition("::")[0] for t in self.passing}
            targets = [paths.get(t, t) for t in targets]  # a renamed module's own doctests: its new path
            targets = [t for t in targets if t in collected]
            targets.sort(key=lambda t: order.get(t, len(order)))
        if targets == []:
            self.say(f"tests: batch {batch.id}: no test imports a renamed module")
            self._passed(set(expected), batch.id, 0, 0.0, order)
            return
        shown = "every test" if targets is None else f"{len(targets)} test file(s)"
        self.say(f"tests: batch {batch.id}: running {shown} (those its renamed modules reach)")
        run = self._run(self.config.root, targets=[t for t in targets or () if (self.config.root / t).exists()])
        selected = None if targets is None else set(targets)
        broken = run.lost(expected, selected)
        self._selection_only = []
        if broken and selected is not None:
            # a selection is not the suite: a test may pass only after what another path's collection imports
            # (`--doctest-modules pkg` imports every module of pkg, jsonpickle's ecdsa test needs one of them)
            self.say(
                f"tests: batch {batch.id}: {len(broken)} test(s) that passed before fail in the selected run; "
                "running the whole suite, as the baseline ran it, to confirm"
            )
            run = self._run(self.config.root)
            confirmed = run.lost(expected, None)
            self._selection_only = sorted(set(broken) - set(confirmed))
            if self._selection_only:
                self.say(
                    f"tests: batch {batch.id}: {len(self._selection_only)} of them pass in the whole suite (the "
                    "selection lacked what they need, not the batch)"
                )
            broken = confirmed
        if not broken:
            self._passed(set(expected), batch.id, len(run.outcomes), run.seconds, order)
            return
        self.say(
            f"tests: batch {batch.id}: {len(broken)} test(s) that passed before fail; re-running them on the "
            "tree before the batch"
        )
        again = self._in_copy(list(broken.values()), [])
        flaky = {new for new, old in broken.items() if again is None or again.failed(old)}
        if flaky:
            self.flaky |= flaky
            self.say(
                f"tests: {len(flaky)} flaky test(s), failing without the batch too (not blamed): "
                + ", ".join(sorted(flaky)[:5])
            )
        real = {new: old for new, old in broken.items() if new not in flaky}
        if not real:
            self._passed(set(expected) - flaky, batch.id, len(run.outcomes), run.seconds, order)
            return
        journal.revert(batch.id)
        forget_intent(self.config.root, [c.new_path for c in outcome.edit.changes if c.new_path])  # git add -N
        self.say(f"tests: batch {batch.id} rolled back; bisecting its {len(batch.renames)} renames")
        culprits = (
            self._bisect(list(batch.renames), list(real.values()), depth=0)
            if len(batch.renames) > 1
            else [list(batch.renames)]
        )
        failures = {new: run.messages.get(new) or run.messages.get(new.partition("::")[0], "") for new in real}
        step: dict[str, object] = {
            "step": f"batch {batch.id}",
            "status": "rolled back",
            "culprits": [[f"{r.old_module} -> {r.new_module}" for r in g] for g in culprits],
            "failing": failures,
            "flaky": sorted(flaky),
        }
        self.report.append(step | ({"selection_only": self._selection_only} if self._selection_only else {}))
        raise TestsBroke(batch.id, culprits, failures)

    # -- helpers --------------------------------------------------------------------------------
    def _ordered(self, tests: Iterable[str]) -> list[str]:
        """``tests`` (node ids of the tree as it is) in the baseline's collection order of their files."""
        return sorted(tests, key=lambda t: (self.files.get(t.partition("::")[0], len(self.files)), t))

    def _passed(self, passing: set[str], batch: int, ran: int, seconds: float, files: dict[str, int]) -> None:
        self.passing = passing
        self.files = files
        self.scan = scan_repo(self.config)  # the next batch's selection reads the renamed graph
        self.report.append(
            {"step": f"batch {batch}", "status": "proved", "tests_run": ran, "seconds": round(seconds, 2)}
            | ({"selection_only": self._selection_only} if self._selection_only else {})
        )

    def _run(self, root: Path, targets: Sequence[str] = (), pythonpath: Sequence[Path] = ()) -> TestRun:
        paths = pythonpath or [root / r for r in self.config.source_roots]  # the checkout, never an installed copy
        return run_tests(self.argv, root, targets=targets, jobs=self.jobs, timeout=self.timeout, pythonpath=paths)

    def _in_copy(self, tests: list[str], renames: list[Rename]) -> TestRun | None:
        """Apply ``renames`` (none: the unchanged tree) to a fresh copy of the snapshot and run ``tests``
        (old node ids, mapped to the renamed ones). ``None``: the renames cannot be applied alone."""
        assert self._snapshot is not None and self._scratch is not None
        trial = Path(tempfile.mkdtemp(prefix="trial-", dir=self._scratch.name))
        try:
            shutil.copytree(self._snapshot, trial / "repo", symlinks=True)
            root = trial / "repo"
            config = replace(self.config, root=root)
            mapping = {r.old_module: r.new_module for r in renames}
            if renames:
                batch = Batch(10_000 + len(renames), tuple(renames), ())
                try:
                    Runner(
                        config,
                        replace(self.plan, batches=(batch,)),
                        RollbackJournal(root),
                        options=replace(self.options, jobs=1),
                        allow_dirty=True,
                    ).run([batch])
                except GuardianError:
                    return None
                except Exception as exc:
                    if getattr(exc, "exit_code", None) is None:
                        raise
                    return None
            matcher = Renames.of(mapping)
            paths = {r.old: r.new for r in renames}
            targets = [normalise(t, matcher, paths) for t in tests]
            sources = [root / s for s in self.config.source_roots] if self.config.source_roots else [root]
            run = self._run(root, targets=targets, pythonpath=sources)
            return TestRun(
                {
                    old: run.outcomes.get(new, run.outcomes.get(new.partition("::")[0], ""))
                    for old, new in zip(tests, targets)
                }
                | dict(run.outcomes),
                run.messages,
                run.returncode,
                run.seconds,
                run.tail,
            )
        finally:
            shutil.rmtree(trial, ignore_errors=True)

    def _bisect(self, renames: list[Rename], tests: list[str], depth: int) -> list[list[Rename]]:
        """The smallest groups of ``renames`` that break ``tests`` on their own (halving)."""
        if len(renames) == 1:
            return [renames]
        middle = len(renames) // 2
        culprits: list[list[Rename]] = []
        for half in (renames[:middle], renames[middle:]):
            self.say(f"tests: bisect step {depth + 1}: re-applying {len(half)} rename(s) on a scratch copy")
            run = self._in_copy(tests, half)
            if run is None:
                culprits.append(half)  # cannot be applied apart (a swap through temporary names)
                continue
            # a test with no outcome did not run: a rename that stops pytest from starting breaks every test
            failing = [t for t in tests if run.failed(t) or not run.outcomes.get(t)]
            if failing:
                culprits += self._bisect(half, failing, depth + 1)
        return culprits or [renames]  # only the halves together break it
