"""Apply a plan's batches: compute each in the workspace, journal it, verify it, or roll it back.

The one door to the real tree is the journal (``JournalPort``): a batch's changes go to
``journal.apply`` as data with the sha256 of every file they were computed from, and come back out
through ``journal.revert``. A dry run (``apply --dry-run``, ``review``) is the very same path with
``dry_run=True``: the batch is computed, verified in the workspace and shown as the journal's exact
forward patch; nothing is written.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from codemods import git, heap
from codemods.batch_edit import BatchEdit, ModuleIndex, Options
from codemods.batch_scan import Checkout, around_batch
from codemods.errors import PreflightError, VerificationFailed
from codemods.journal_port import ABSENT
from codemods.preflight import check_batch, checked_paths, untracked
from codemods.rename_batch import BatchComputer
from codemods.verify_graph import MemoryFacts, compile_errors, graph_differences
from codemods.workers import worker_lost
from codemods.workspace import Workspace
from planner.config import Config
from planner.discover import Discovery
from planner.plan import Batch, Plan, Rename
from planner.reference_kinds import files_by_name
from planner.scan import FactsCache, cached_checkout_facts, store_facts


class JournalPort(Protocol):
    """What the runner needs from ``rollback``."""

    def preview(self, edit: BatchEdit) -> str: ...
    def apply(self, edit: BatchEdit, expected: Mapping[str, str]) -> None: ...
    def revert(self, batch_id: int) -> None: ...
    def owned(self) -> Mapping[str, str]: ...  #: path -> sha256 as Guardian's batches left it (ABSENT: removed)


@dataclass(frozen=True)
class BatchOutcome:
    batch: int
    status: str  #: "applied" | "previewed"
    edit: BatchEdit
    patch: str
    problems: tuple[str, ...] = ()  #: verification findings of a dry run (an apply raises instead)
    seconds: float = 0.0
    untracked: tuple[str, ...] = ()
    git_renames: tuple[str, ...] = field(default=())
    #: seconds per step: preflight, compute (Rope + libcst), journal, verify, git
    timings: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict[str, object]:
        edit = self.edit
        return {
            "batch": self.batch,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "timings": {name: round(value, 3) for name, value in self.timings},
            "files": [{"old": c.old_path, "new": c.new_path} for c in edit.changes],
            "renames": [r.to_json() for r in edit.renames],
            "reference_edits": list(edit.reference_edits),
            "manual_follow_up": list(edit.manual),
            "warnings": list(edit.warnings),
            "shims": dict(edit.shims),
            "verification": {"ok": not self.problems, "problems": list(self.problems)},
            "untracked_moved": list(self.untracked),
        }

    def settled(self) -> BatchOutcome:
        """The outcome as a run keeps it once its batch is done (journaled, or shown as its patch): the
        files' paths without their bytes (:meth:`BatchEdit.without_texts`). A run of every batch kept
        each batch's before and after texts until its report."""
        return dataclasses.replace(self, edit=self.edit.without_texts())


def release_computation() -> None:
    """Free what computing a batch left behind, before the batch is verified and the next one computed.

    The batch's Rope project (its analysis of every module it read: about 100 KB per file) is closed by
    then but is cyclic garbage, and only the cyclic collector frees it. The ``guardian`` command runs that
    collector rarely (guardian/process.py): the oldest generation, where a batch's long-lived graph ends
    up, was collected once in a run of 14 batches, so the parent process kept every batch's graph
    (networkx 3.6.1, every module: 1,065 MiB at the end). One full collection here costs what freeing the
    graph costs, plus a walk of the objects the run keeps (tens of milliseconds). Then the C heap's free
    pages go back to the system (:func:`codemods.heap.trim`): freed, the graph's memory stayed the
    process's (redis 8.2.0's first batch: 551 MiB resident for 29,000 live objects, 316 MiB after).
    """
    gc.collect()
    heap.trim()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


BatchHook = Callable[[Batch], None]
RenameHook = Callable[[Batch, Rename], None]


class Runner:
    """Applies (or previews) batches in order over one workspace."""

    def __init__(
        self,
        config: Config,
        plan: Plan,
        journal: JournalPort,
        *,
        options: Options = Options(),
        dry_run: bool = False,
        allow_dirty: bool = False,
        before_batch: BatchHook | None = None,
        on_rename: RenameHook | None = None,
        after_batch: Callable[[BatchOutcome], None] | None = None,
        facts: FactsCache | None = None,
        found: Discovery | None = None,
        texts: dict[str, bytes] | None = None,
    ) -> None:
        self.config = config
        self.plan = plan
        self.journal = journal
        self.options = options
        self.dry_run = dry_run
        self.allow_dirty = allow_dirty
        self.before_batch = before_batch
        self.on_rename = on_rename
        self.after_batch = after_batch
        self.repo = config.root
        self.shadowed = frozenset(h.module for h in plan.hazards if h.kind == "shadowed-submodule")
        self.facts = MemoryFacts(facts)  #: the real tree's files (``facts``: the plan's persistent cache)
        self.found = found  #: the checkout's discovery, when the caller walked it already
        self.texts = texts  #: files' bytes the caller read with it (the workspace takes them)

    def run(self, batches: Sequence[Batch]) -> list[BatchOutcome]:
        """Apply ``batches`` in order; stops at the first failure (earlier batches stay applied).

        Raises:
            PreflightError: a batch is refused before any write.
            RenameFailed: a rename could not be computed (nothing written for that batch).
            VerificationFailed: the batch was applied, failed verification and was rolled back.
        """
        found, facts = cached_checkout_facts(self.config, jobs=self.options.jobs, cache=self.facts, found=self.found)
        checkout = Checkout(found, facts)
        files = [m.path for m in found.modules.values()] + [s.path for s in found.scripts]
        files += [m.stub for m in found.modules.values() if m.stub] + list(found.other_files)
        suffixless = [s.path for s in found.scripts if not s.path.endswith(".py")]  # ``bin/mytool``: ``#!`` Python
        workspace = Workspace(self.repo, files, self.texts, python=suffixless)
        self.texts = None
        computer: BatchComputer | None = None
        try:
            modules = ModuleIndex(
                {
                    **{m.path: (m.name, m.is_package) for m in found.modules.values()},
                    **{s.path: (s.name, s.is_package) for s in found.scripts},
                }
            )
            computer = BatchComputer(
                workspace,
                modules,
                source_roots=self.config.source_roots,
                shadowed=self.shadowed,
                options=self.options,
                reference_files=found.other_files,
                name_clashes={h.module for h in self.plan.hazards if h.kind == "local-name-clash"},
                listed=found.listed,
                named_files=found.named_files,
                # the files as the plan saw them: a file an earlier run renamed still holds its old name
                file_names=files_by_name(
                    [*(m.path for m in found.modules.values()), *(s.path for s in found.scripts)]
                    + [r.old for b in self.plan.batches for r in b.renames]
                ),
            )
            status = git.status(self.repo)
            owned = dict(self.journal.owned()) if not self.dry_run else {}
            outcomes = []
            for number, batch in enumerate(batches):
                if number:  # the previous batch renamed and rewrote files: judge dirtiness afresh
                    status = git.status(self.repo)
                    owned = dict(self.journal.owned()) if not self.dry_run else {}
                outcome, checkout = self._one(batch, checkout, workspace, computer, status, owned)
                if self.after_batch is not None:
                    self.after_batch(outcome)
                outcomes.append(outcome.settled())
        except BaseException:  # a failure or Ctrl-C: the workers' running tasks are not waited for
            if computer is not None:
                computer.close(stop=True)
            raise
        else:
            if computer is not None:
                computer.close()
            return outcomes
        finally:
            workspace.close()

    def _dirty(self, status: Mapping[str, str], owned: Mapping[str, str], paths: Collection[str]) -> dict[str, str]:
        """Uncommitted changes of ``paths`` that Guardian's own applied batches do not explain.

        A renamed module's old path is Guardian's too: once later batches have rewritten the moved file
        (a table of the module paths they rename), git no longer pairs the two and shows the old path as
        deleted (`` D``), not as the source of a rename. Only ``paths`` (the batch's,
        :func:`codemods.preflight.checked_paths`) are looked at: a file an earlier batch changed is
        read and hashed only when this batch touches it.
        """
        result = {}
        wanted = set(paths)
        for path, code in status.items():
            if path not in wanted:
                continue
            sha = owned.get(path)
            file = self.repo / path
            if sha == ABSENT and not file.exists():
                continue
            if sha and file.exists() and sha256(file.read_bytes()) == sha:
                continue
            result[path] = code
        return result

    def _one(
        self,
        batch: Batch,
        checkout: Checkout,
        workspace: Workspace,
        computer: BatchComputer,
        status: Mapping[str, str],
        owned: dict[str, str],
    ) -> tuple[BatchOutcome, Checkout]:
        """One batch; returns its outcome and the tree after it."""
        started = time.perf_counter()
        clock = _Clock()
        existing = set(workspace.origin)
        local_words = workspace.files_with_words(r.new_module.rpartition(".")[2] for r in batch.renames)
        problems = check_batch(
            batch,
            self.repo,
            existing=existing | {m.path for m in checkout.found.modules.values()},
            own_top_level=checkout.found.top_level,
            dirty={} if self.allow_dirty or self.dry_run else self._dirty(status, owned, checked_paths(batch)),
            allow_dirty=self.allow_dirty or self.dry_run,
            local_words=local_words,
            rename_locals=self.options.rename_locals,
        )
        if problems:
            raise PreflightError(problems, hint="fix the tree or re-run `guardian plan`; nothing was written")
        if self.before_batch is not None:
            self.before_batch(batch)
        moved_untracked = tuple(untracked(batch, status))
        on_rename = self.on_rename
        hook = (lambda rename: on_rename(batch, rename)) if on_rename is not None else None
        clock.lap("preflight")
        with worker_lost(computer.pool, batch.id):  # nothing is written yet
            edit = computer.compute(batch, progress=hook)
        release_computation()
        clock.lap("compute")
        patch = self.journal.preview(edit) if self.dry_run else ""
        if self.dry_run:
            tree = dataclasses.replace(self.config, root=workspace.root)
            with worker_lost(computer.pool, batch.id):
                problems, after = self._verified(tree, checkout, edit, workspace, computer)
            workspace.rebase()
            clock.lap("verify")
            return (
                BatchOutcome(
                    batch.id,
                    "previewed",
                    edit,
                    patch,
                    tuple(problems),
                    time.perf_counter() - started,
                    moved_untracked,
                    timings=clock.laps(),
                ),
                after,
            )
        expected = {
            c.old_path: sha256(c.before) for c in edit.changes if c.old_path is not None and c.before is not None
        }
        self.journal.apply(edit, expected)
        clock.lap("journal")

        def roll_back() -> None:
            self.journal.revert(batch.id)
            workspace.reset()

        with worker_lost(computer.pool, batch.id, roll_back):  # written: a worker lost is a batch rolled back
            problems, after = self._verified(self.config, checkout, edit, workspace, computer)
        clock.lap("verify")
        if problems:
            roll_back()
            raise VerificationFailed(batch.id, problems)
        if after.found.top_level != checkout.found.top_level:  # every cache key changed with them
            store_facts(self.config, after.found, after.facts, self.facts)
        workspace.rebase()
        for change in edit.changes:
            if change.new_path is not None and change.after is not None:
                owned[change.new_path] = sha256(change.after)
        recorded = git.record_renames(
            self.repo, [(c.old_path, c.new_path) for c in edit.changes if c.is_rename and c.old_path and c.new_path]
        )
        clock.lap("git")
        return (
            BatchOutcome(
                batch.id,
                "applied",
                edit,
                patch,
                (),
                time.perf_counter() - started,
                moved_untracked,
                tuple(recorded),
                clock.laps(),
            ),
            after,
        )

    def _verified(
        self, tree: Config, checkout: Checkout, edit: BatchEdit, workspace: Workspace, computer: BatchComputer
    ) -> tuple[list[str], Checkout]:
        """What verification finds after ``edit`` on ``tree`` (the repository, or a dry run's scratch directory):
        the graph's differences (:meth:`_verify`), then the files it touched that no longer compile; and the tree
        after it."""
        problems, after = self._verify(tree, checkout, edit, workspace)
        if self.dry_run:
            for path in edit.touched:  # compiled from the scratch directory
                workspace.materialize(path)
        problems += compile_errors(
            tree.root,
            edit.touched,
            pool=computer.pool.executor if computer.pool is not None else None,
            before={c.path: c.before for c in edit.changes},
            python=workspace.python_scripts,
        )
        return problems, after

    def _verify(
        self, tree: Config, checkout: Checkout, edit: BatchEdit, workspace: Workspace
    ) -> tuple[list[str], Checkout]:
        """The graph verification of ``edit`` on ``tree`` (codemods/batch_scan.py: the importers it
        can affect; ``workspace`` holds the text of ``tree``) and the tree after it."""

        def mentioning(words: set[str]) -> set[str]:
            return set().union(*workspace.files_with_words(words).values())

        def containing(strings: set[str]) -> set[str]:
            needles = [string.encode() for string in strings]
            found = {p for p in workspace.python_files() if any(n in workspace.read_bytes(p) for n in needles)}
            if tree.root == workspace.root:  # a dry run reads their facts from the scratch directory
                for path in found:
                    workspace.materialize(path)
            return found

        around = around_batch(tree, checkout, edit.changes, edit.mapping, mentioning, containing)
        problems = graph_differences(around.before, around.after, edit.mapping, edit.shims, self.shadowed)
        return problems, around.checkout


class _Clock:
    """Lap times of a batch's steps (reported, and what the benchmark breaks down)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.times: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.times.append((name, now - self.last))
        self.last = now

    def laps(self) -> tuple[tuple[str, float], ...]:
        return tuple(self.times)


def select_batches(plan: Plan, batch_id: int | None, applied: set[int]) -> list[Batch]:
    """``--batch N`` -> that batch; ``--all`` -> every batch not applied yet, in order."""
    if batch_id is not None:
        return [plan.batch(batch_id)]
    return [b for b in plan.batches if b.id not in applied]
