"""Worker processes: the one start method and the one way a pool of them is made.

Every pool (the planner's scan, apply's Rope workers, the reference rewriting and the compile check
after a batch) is a ``concurrent.futures.ProcessPoolExecutor`` with the ``spawn`` start method, the
same on every platform: a worker starts from a fresh interpreter and inherits no state, locks,
threads or paused garbage collector of the caller. ``python -m guardian`` and the console script
are safe to spawn from (multiprocessing never re-runs a package's ``__main__``).

A spawned worker (and multiprocessing's resource tracker) starts as ``python -c ...``, which puts
the current directory first on ``sys.path`` while it imports ``multiprocessing``, ``threading``,
``pickle``, ... : run from a checkout, a ``threading.py`` there would run in the worker. Every
worker is therefore started with ``PYTHONSAFEPATH=1`` (the environment of a start: ``submit``), and
like ``python -E -s`` for what it imports before it runs anything of Guardian: without
``PYTHONPATH`` and with ``PYTHONNOUSERSITE=1`` (no user site ``.pth`` file runs), and without
``PYTHONPYCACHEPREFIX`` (no ``.pyc`` file is read from elsewhere than beside its source, review 14).
Nothing is lost: multiprocessing hands the worker its parent's ``sys.path`` before it unpickles the
work (issue 11).

Ctrl-C reaches a terminal's whole process group, a worker that is still starting included, and a worker
interrupted before its initializer ran died in its ``site`` import with a traceback on the terminal. A
worker therefore starts with SIGINT blocked (the parent blocks it while it starts one, and a signal mask
survives ``exec``, as multiprocessing's resource tracker does it), and ignores it before unblocking it; a
Ctrl-C the parent received meanwhile arrives once the worker is started.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

__all__ = [
    "START_METHOD",
    "WorkerProcesses",
    "how_a_worker_ended",
    "ignore_interrupts",
    "leave_with_parent",
    "process_pool",
    "stop_workers",
    "worker_start",
]

#: The one start method of every worker pool (see the module docstring).
START_METHOD = "spawn"
_T = TypeVar("_T")
_ENVIRON = threading.Lock()


#: The environment of a worker's start: no current directory, ``PYTHONPATH``, user site or ``.pyc``
#: prefix (None: unset).
_WORKER_ENV: dict[str, str | None] = {
    "PYTHONSAFEPATH": "1",
    "PYTHONNOUSERSITE": "1",
    "PYTHONPATH": None,
    "PYTHONPYCACHEPREFIX": None,
}


#: What a worker starts with blocked, then ignores (see the module docstring); none where there is no
#: signal mask.
_HELD = {signal.SIGINT} if hasattr(signal, "pthread_sigmask") else set()


@contextmanager
def _worker_start_environment() -> Iterator[None]:
    """:data:`_WORKER_ENV` in this process's environment and :data:`_HELD` blocked while a worker may be
    started, then as before (a SIGINT that came meanwhile is raised then)."""
    with _ENVIRON:
        before = {name: os.environ.get(name) for name in _WORKER_ENV}
        _set(_WORKER_ENV)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if _HELD else None
        try:
            yield
        finally:
            _set(before)
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _set(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


class WorkerProcesses(ProcessPoolExecutor):
    """A pool whose workers start without the current directory on ``sys.path`` (they start in ``submit``),
    and which counts the tasks it was given (``map`` gives one per chunk): its owner replaces it by then
    (codemods/workers.py's ``WorkerPool.recycle``)."""

    #: tasks submitted so far
    submitted = 0

    def submit(self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any) -> Future[_T]:
        self.submitted += 1
        with _worker_start_environment():
            return super().submit(fn, *args, **kwargs)


def ignore_interrupts() -> None:
    """A worker process's initializer: Ctrl-C reaches the whole process group, and only the parent acts on it
    (it shuts the pool down); a worker that raised KeyboardInterrupt would print a traceback. A SIGINT that came
    while the worker started (blocked then) is dropped."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _HELD:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


#: A worker's exit status when it ends because its parent is gone.
ORPHANED = 3


def leave_with_parent() -> None:
    """In a worker: end this process as soon as the process that started it is gone, however it ended.

    A parent killed (SIGTERM, SIGKILL) or crashed runs none of its clean-up, and a worker of a
    ``ProcessPoolExecutor`` then waited for its next task for ever: it holds both ends of the task
    queue itself, so it never reads an end of file there (and multiprocessing's resource tracker
    waited for the workers). The parent's sentinel (``multiprocessing.parent_process()``: a pipe
    only the parent holds open under ``spawn``) is ready once it is gone; a thread waits on it and
    ends the process without running anything more (the task's answer has nobody to go to)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait() -> None:
        parent.join()
        os._exit(ORPHANED)

    threading.Thread(target=wait, name="leave-with-parent", daemon=True).start()


def worker_start() -> None:
    """Every pool worker's initializer: Ctrl-C is the parent's (:func:`ignore_interrupts`), and the worker
    ends with the parent (:func:`leave_with_parent`)."""
    ignore_interrupts()
    leave_with_parent()


def process_pool(jobs: int) -> WorkerProcesses:
    """A pool of ``jobs`` worker processes started with :data:`START_METHOD` that leave Ctrl-C to the parent
    and end when it is gone."""
    with _worker_start_environment():  # its queue's lock starts multiprocessing's resource tracker
        return WorkerProcesses(
            max_workers=jobs, mp_context=multiprocessing.get_context(START_METHOD), initializer=worker_start
        )


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down without waiting for the tasks it runs: its workers are terminated (what
    ``ProcessPoolExecutor.terminate_workers`` does from Python 3.14). For a parent that stops on an
    error or Ctrl-C: a worker's task (one Rope analysis may take minutes) has nobody to answer to."""
    processes = list(pool._processes.values()) if pool._processes else []  # noqa: SLF001 - the pool's own list
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with suppress(ProcessLookupError, ValueError):  # ended meanwhile / already closed
            if process.is_alive():
                process.terminate()
    for process in processes:
        with suppress(ValueError):
            process.join()


def how_a_worker_ended(pool: ProcessPoolExecutor) -> str:
    """How the worker that broke ``pool`` ended, for an error: ``was killed by SIGKILL`` (what the
    out-of-memory killer sends), ``exited with status 3``, or ``died`` when that is not known. A broken pool
    is shut down first: its own thread terminates (SIGTERM: not the one that broke it) and reaps every worker,
    and an exit status read while that thread reaps the worker would not be known yet."""
    processes = list(pool._processes.values()) if pool._processes else []  # noqa: SLF001 - the pool's own list
    if pool._broken:  # noqa: SLF001 - its workers are being terminated: nothing to wait for but that
        pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        code = process.exitcode
        if code is None or code in (0, -signal.SIGTERM):
            continue
        if code > 0:
            return f"exited with status {code}"
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return "died"
