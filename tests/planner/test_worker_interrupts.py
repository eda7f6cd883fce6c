"""Ctrl-C reaches a terminal's whole process group, a worker still starting included (CI, test_interrupt[0.8]).

A worker that received SIGINT before its initializer had told it to leave Ctrl-C to the parent died in its
``site`` import with "Fatal Python error: init_import_site" and a traceback on the terminal (its stderr is the
parent's), and its pool was broken. A worker is now started with SIGINT blocked and ignores it before it
unblocks it; the parent's own SIGINT is blocked only while it starts workers and arrives after that.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Starts one worker and sends SIGINT to it at once, while it is still starting; then asks it for its pid.
STARTING = textwrap.dedent(
    """
    import os, signal
    from planner.processes import process_pool

    with process_pool(1) as pool:
        future = pool.submit(os.getpid)
        workers = list(pool._processes)
        for pid in workers:
            os.kill(pid, signal.SIGINT)
        print(workers, future.result(timeout=120))
        print(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))
    """
)


def test_a_worker_interrupted_while_it_starts_leaves_ctrl_c_to_its_parent() -> None:
    run = subprocess.run(
        [sys.executable, "-c", STARTING], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "Fatal Python error" not in run.stderr, run.stderr[-2000:]
    started, answered = run.stdout.splitlines()[0].rsplit(" ", 1)
    assert started == f"[{answered}]"  # the worker that got the signal did the task
    assert run.stdout.splitlines()[1] == "False"  # the parent's Ctrl-C is not blocked after the start


def test_the_parents_ctrl_c_during_a_worker_start_arrives_after_it() -> None:
    from planner import processes

    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        with processes.process_pool(1) as pool:
            with processes._worker_start_environment():  # noqa: SLF001 - the window a worker starts in
                signal.raise_signal(signal.SIGINT)
                assert caught == []  # held while a worker may be starting
            assert caught == [signal.SIGINT]
            assert pool.submit(int, "7").result(timeout=120) == 7
    finally:
        signal.signal(signal.SIGINT, previous)
