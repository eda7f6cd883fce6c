"""Worker processes for Rope's analysis of a round (``guardian apply --jobs N``).

A round's renames (:func:`codemods.rename_steps.rounds`) are split into groups whose files are
disjoint (a union of the files each rename searches); the groups are packed into at most N tasks of
similar size, and each task runs in a worker process with its own Rope project over the scratch
copy. A round that searches more files than one analysis should hold
(:data:`codemods.rope_rename.PART_FILES`) is cut by files instead: each part is a task computing
every rename's edits in its files, and the parts' answers are joined in file order. The analysis only reads: the masks were written before, nothing is written until every task
has answered, and then the parent merges the edits into the one change set it performs (in the
same order as without workers, so the result is the same byte for byte). There is no shared state
between workers and no lock: more cores give more tasks.

Start method: ``spawn``. A worker starts from a fresh interpreter and inherits nothing of the
parent (its Rope caches, open files, the repository lock, a paused garbage collector), and it
behaves the same on Linux, macOS and Windows. Each task opens a project, analyses its files once and
closes it; what the allocator keeps of it stays the worker's, so the workers are replaced between two
batches once they have served :data:`TASKS_PER_WORKER` tasks each (:meth:`WorkerPool.recycle`), and a
long run's worker memory does not creep. Not ``ProcessPoolExecutor``'s ``max_tasks_per_child``: a pool
with it hangs once a worker exits at its limit while tasks are queued (CPython gh-115634, in 3.11 and
3.12 and in later versions before their fix; a ``map`` of 40 tasks over 2 workers with 3 each never
returned on 3.11.7), and a round's tasks, the reference rewriting's and the compile check's chunks are
queued so.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from networkx.utils import UnionFind

from codemods import heap
from codemods.errors import RenameFailed, WorkerDied
from codemods.rope_rename import Found, RenameSpec, find_changes, merged_parts, open_project, parts
from codemods.rope_seam import Offsets, forget_builtin_types, modules_found_once, offsets_of, offsets_once
from planner.processes import WorkerProcesses, how_a_worker_ended, process_pool, stop_workers

#: A round searching fewer files than this is analysed in the parent (starting tasks costs more). A
#: larger one goes to the workers even when its renames' files all overlap (one group, one task):
#: the parent would otherwise keep the memory of Rope's analysis of it for the rest of the run (the
#: allocator keeps the pages): redis 8.2.0's rounds, every one a single group, took the parent to
#: 1,386 MiB after three batches (docs/benchmarks-apply.md).
MIN_FILES = 64
#: Tasks a worker serves (on average over the pool) before the pool is replaced at the next batch: a
#: worker's resident memory keeps the high-water mark of what it analysed (the allocator's pages), and a
#: fresh one costs about 0.3 s of CPU to start. sympy 1.14.0's first batch gives about 20 tasks per
#: worker (Rope's, the reference rewriting's chunks, the compile check's), so a pool serves 2-3 batches
#: of it; a synthetic batch of 100 renames gives a few.
TASKS_PER_WORKER = 50
_Outcome = tuple[str, Found | tuple[str, str, str]]


def _work(
    root: str,
    source_roots: tuple[str, ...],
    specs: list[RenameSpec],
    within: frozenset[str] | None,
    offsets: Offsets | None = None,
) -> list[_Outcome]:
    """In a worker: each spec's changes (in the files ``within``, when given) on one fresh project;
    stops at the first failure. ``offsets``: Rope's finder's offsets the parent found (for the
    same texts: codemods.rope_seam.offsets_once)."""
    project = open_project(root, source_roots)
    results: list[_Outcome] = []
    try:
        with modules_found_once(project), offsets_once(offsets):  # the worker's project only reads
            for spec in specs:
                try:
                    results.append(("ok", find_changes(project, spec, within)))
                except RenameFailed as exc:
                    results.append(("failed", (exc.module, exc.path, exc.reason)))
                    break
    finally:
        project.close()
        del project
        forget_builtin_types()  # Rope's memo of built-in types holds the analysed modules' classes
        gc.collect()  # Rope's object graph is cyclic: release it before the next task
        heap.trim()  # and give its freed pages back (codemods/heap.py)
    return results


def groups(specs: Sequence[RenameSpec]) -> list[list[int]]:
    """Indexes of ``specs`` in groups whose files (resources and module) are disjoint, each in order."""
    sets = UnionFind(range(len(specs)))

    owner: dict[str, int] = {}
    for index, spec in enumerate(specs):
        for path in (*spec.resources, spec.path):
            other = owner.setdefault(path, index)
            if other != index:
                sets.union(index, other)
    found: dict[int, list[int]] = {}
    for index in range(len(specs)):
        found.setdefault(sets[index], []).append(index)
    return sorted(found.values())


def pack(found: list[list[int]], sizes: Sequence[int], tasks: int) -> list[list[int]]:
    """Groups packed into at most ``tasks`` tasks of similar total size (largest first), each in order."""
    bins: list[list[int]] = [[] for _ in range(max(1, min(tasks, len(found))))]
    loads = [0] * len(bins)
    for group in sorted(found, key=lambda g: (-sum(sizes[i] for i in g), g)):
        target = loads.index(min(loads))
        bins[target] += group
        loads[target] += sum(sizes[i] for i in group)
    return [sorted(b) for b in bins if b]


class WorkerPool:
    """``rope_rename.Analysts`` over worker processes, for one run."""

    def __init__(self, root: str, source_roots: Sequence[str], jobs: int) -> None:
        self.root = root
        self.source_roots = tuple(source_roots)
        self.jobs = jobs
        self._executor: WorkerProcesses | None = None
        #: called before a round goes to the workers (the workspace writes its pending files: a
        #: worker's Rope project reads the scratch directory itself)
        self.prepare: Callable[[], None] | None = None

    @property
    def executor(self) -> WorkerProcesses:
        """The run's one pool (its workers start on first use and serve every batch): Rope's analysis,
        the reference rewriting and the compile check share it instead of spawning workers per batch
        (a spawned worker's start-up and imports cost about 0.3 s of CPU)."""
        if self._executor is None:
            self._executor = process_pool(self.jobs)  # Ctrl-C is the parent's
        return self._executor

    def recycle(self) -> None:
        """Between two batches (no task running): shut the pool down once its workers have served
        :data:`TASKS_PER_WORKER` tasks each; the next use starts fresh ones. Outputs do not depend on
        which process computed them (a task reads only what it is given and the scratch copy)."""
        if self._executor is not None and self._executor.submitted >= TASKS_PER_WORKER * self.jobs:
            self.close()

    def analyse(self, specs: Sequence[RenameSpec]) -> list[Found] | None:
        """Every spec's changes computed in the workers; None when the round is too small to split.

        Raises:
            RenameFailed: the first spec (in order) whose analysis failed.
        """
        split = parts(specs)
        tasks: list[tuple[list[int], frozenset[str] | None]]
        if split is not None:  # every rename's edits, one part of the files per task
            tasks = [(list(range(len(specs))), within) for within in split]
        else:
            sizes = [len(set(s.resources) | {s.path}) for s in specs]
            if sum(sizes) < MIN_FILES:
                return None
            found = groups(specs)  # one group too: the parent then holds no Rope analysis
            tasks = [(task, None) for task in pack(found, sizes, self.jobs * 2)]
        if self.prepare is not None:
            self.prepare()
        futures: list[Future[list[_Outcome]]] = [
            self.executor.submit(
                _work,
                self.root,
                self.source_roots,
                [specs[i] for i in task],
                within,
                offsets_of({specs[i].module.rpartition(".")[2] for i in task}),
            )
            for task, within in tasks
        ]
        results: dict[int, list[Found]] = {}
        failures: dict[int, tuple[str, str, str]] = {}
        for (task, _within), future in zip(tasks, futures):
            for index, (status, value) in zip(task, future.result()):
                if status == "ok":
                    results.setdefault(index, []).append(value)  # type: ignore[arg-type]
                else:
                    failures[index] = value  # type: ignore[assignment]
        if failures:
            raise RenameFailed(*failures[min(failures)])
        return [merged_parts(results[i]) for i in range(len(specs))]

    def how_ended(self) -> str:
        """How the worker that broke the pool ended (``was killed by SIGKILL``), read before it is closed."""
        return how_a_worker_ended(self._executor) if self._executor is not None else "died"

    def close(self, *, stop: bool = False) -> None:
        """Shut the pool down: once its tasks are done, or with ``stop`` (the run ends on an error or
        Ctrl-C) at once, its workers terminated (a running analysis has nobody to answer to). A parent
        that dies runs none of this; its workers then end by themselves (``leave_with_parent``)."""
        if self._executor is not None:
            if stop:
                stop_workers(self._executor)
            else:
                self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


@contextmanager
def worker_lost(pool: WorkerPool | None, batch: int, undo: Callable[[], None] | None = None) -> Iterator[None]:
    """A worker of ``pool`` that dies while the block runs (its analysis, reference rewriting or compile
    check: the out-of-memory killer's SIGKILL, a ``kill`` from outside) is :class:`WorkerDied`, after
    ``undo`` (the batch's rollback, once it is written), not an internal error."""
    try:
        yield
    except BrokenProcessPool as exc:
        how = pool.how_ended() if pool is not None else "died"
        if undo is not None:
            undo()
        raise WorkerDied(batch, how, rolled_back=undo is not None) from exc
