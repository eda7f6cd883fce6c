"""Read files into their facts: in this process, or for many files in a pool of worker processes.

The pool is planner/processes.py's (``spawn``: a worker starts from a fresh interpreter). A worker
imports this module and what reading needs (``ast``, ``re``: planner/read_facts.py,
planner/dynamic_screen.py), not the graph library, so it is ready in a fraction of the time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from planner.dynamic_screen import Screen, worth_parsing
from planner.facts import FileFacts
from planner.processes import process_pool
from planner.read_facts import extract

#: Below this many files to read, starting worker processes costs more than it saves
#: (bench/plan_bench.py measures both ways).
PARALLEL_THRESHOLD = 400
ProgressFn = Callable[[int, int], None]


def read_file(root: str, path: str, interesting: bytes, screen: Screen | None = None, sql: bool = False) -> FileFacts:
    """The facts of one file; an unreadable file is a fact (a syntax error at line 0), not an exception.
    With a ``screen``, whether planner/dynamic_imports.py must parse the file is decided from the same bytes;
    with ``sql``, its SQL call sites are found in the same tree (``FileFacts.sql``)."""
    try:
        with open(os.path.join(root, path), "rb") as handle:
            source = handle.read()
    except OSError as exc:
        result = FileFacts(path)
        result.syntax_error = (0, f"cannot read: {exc.strerror}")
        return result
    facts = extract(source, path, interesting, sql=sql)
    if screen is not None and facts.syntax_error is None and not facts.shim:
        facts.dynamic = worth_parsing(source, screen)
    return facts


def _read_chunk(
    root: str, paths: Sequence[str], interesting: bytes, screen: Screen | None, sql: bool
) -> list[FileFacts]:
    return [read_file(root, path, interesting, screen, sql) for path in paths]


def read_files(
    root: Path,
    paths: Sequence[str],
    interesting: bytes,
    screen: Screen | None = None,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    sql: bool = False,
) -> dict[str, FileFacts]:
    """The facts of every file of ``paths`` (repo-relative), by path, in the order given.

    With ``jobs`` > 1 and at least :data:`PARALLEL_THRESHOLD` files, chunks of files are read by
    ``jobs`` worker processes; the result is the same either way."""
    total = len(paths)
    results: dict[str, FileFacts] = {}
    base = str(root)
    if jobs > 1 and total >= PARALLEL_THRESHOLD:
        size = max(50, total // (jobs * 4))
        chunks = [paths[i : i + size] for i in range(0, total, size)]
        try:
            with process_pool(jobs) as pool:
                many = len(chunks)
                for chunk in pool.map(
                    _read_chunk, [base] * many, chunks, [interesting] * many, [screen] * many, [sql] * many
                ):
                    for item in chunk:
                        results[item.path] = item
                    if progress:
                        progress(len(results), total)
        except (BrokenProcessPool, OSError):
            # A worker could not start or died (no process support, or a caller's unguarded
            # ``__main__`` that ``spawn`` re-runs): the files are read here, with the same result.
            results.clear()
    for number, path in enumerate((p for p in paths if p not in results), start=1):
        results[path] = read_file(base, path, interesting, screen, sql)
        if progress and number % 50 == 0:
            progress(number, total)
    if progress:
        progress(total, total)
    return results
