"""The process-wide policy of the ``guardian`` command, set once at its entry point.

The libraries (planner, codemods, rollback) never change interpreter-wide state: a program that
embeds them keeps its own garbage-collector settings and recursion limit. The command is one
short-lived process that allocates a great many objects which live until it exits (the facts of
every file, the import graph, Rope's project model), so it sets:

* **the cyclic garbage collector**: what was allocated while the interpreter and Guardian's modules
  were loading is moved to the permanent generation (``gc.freeze``: never scanned again), and the
  youngest generation is collected after :data:`GC_THRESHOLDS` allocations instead of 700. Each
  collection otherwise walks objects that are not garbage (a plan of 2,000 modules spent about a
  tenth of its CPU time there, bench/plan_bench.py); the collector still runs, so Rope's cyclic
  garbage is reclaimed as the work goes on and memory stays bounded.
* **the recursion limit**: left at the interpreter's default. Readers of deep input (``ast``,
  libcst, ``json``) turn a RecursionError into a finding or a one-line error; a higher limit would
  trade that error for a crash of the C stack.
* **caches**: every cache of the libraries is bounded (``functools.lru_cache`` with a ``maxsize``)
  and lives only as long as the process.
"""

from __future__ import annotations

import gc

#: ``gc.set_threshold`` for the command: youngest generation, then how many of its collections
#: make one of the middle generation, and of that one of the oldest.
GC_THRESHOLDS = (10_000, 10, 10)


def configure_process() -> None:
    """Apply the policy (see the module docstring). Called once, by the ``guardian`` entry point."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
