"""Worker processes: the one start method and the one way a pool of them is made.

Every pool (the planner's scan, apply's Rope workers, the reference rewriting and the compile check
after a batch) is a ``concurrent.futures.ProcessPoolExecutor`` with the ``spawn`` start method, the
same on every platform: a worker starts from a fresh interpreter and inherits no state, locks,
threads or paused garbage collector of the caller. ``python -m guardian`` and the console script
are safe to spawn from (multiprocessing never re-runs a package's ``__main__``).
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor

__all__ = ["START_METHOD", "ignore_interrupts", "process_pool"]

#: The one start method of every worker pool (see the module docstring).
START_METHOD = "spawn"


def ignore_interrupts() -> None:
    """A worker process's initializer: Ctrl-C reaches the whole process group, and only the parent acts on it
    (it shuts the pool down); a worker that raised KeyboardInterrupt would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes started with :data:`START_METHOD` that leave Ctrl-C to the parent."""
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context(START_METHOD), initializer=ignore_interrupts
    )
