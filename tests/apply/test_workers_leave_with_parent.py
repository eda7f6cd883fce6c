"""Issue 17: the worker processes of ``guardian apply --jobs N`` end with it.

``apply --all --jobs 2`` runs on a 300-module synthetic repository; once its two workers are up it
gets SIGTERM, which kills it where it stands (the journal's crash recovery is for that: this test
checks it dies by the signal, as before). Every process it had started (the workers, multiprocessing's
resource tracker) must then end: before, a worker waited on its task queue for ever, and the
resource tracker for the workers. The waits are bounded polls, not timings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc"),
]


def _stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) of ``pid``; None when it is gone or a zombie (dead, not reaped)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()
    state, parent, started = fields[0], int(fields[1]), fields[19]
    return None if state in ("Z", "X") else (state, parent, started)


def descendants(root: int) -> dict[int, str]:
    """Every live process below ``root``: pid -> its start time (a reused pid is another process)."""
    parents: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            parents.setdefault(found[1], []).append(int(entry))
            started[int(entry)] = found[2]
    result: dict[int, str] = {}
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            result[child] = started[child]
            todo.append(child)
    return result


def alive(pids: dict[int, str]) -> dict[int, str]:
    return {pid: start for pid, start in pids.items() if (found := _stat(pid)) is not None and found[2] == start}


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def poll(condition, seconds: float) -> bool:
    """``condition()`` true within ``seconds`` (checked every 50 ms): a bound, not a timing."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_sigterm_to_apply_leaves_no_worker_running(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        from synth import make_repo
    finally:
        sys.path.pop(0)
    repo = make_repo(tmp_path / "synth", 300)
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "s"]):
        subprocess.run(["git", *command], cwd=repo, check=True)
    guardian = [sys.executable, "-m", "guardian"]
    assert subprocess.run([*guardian, "-q", "plan"], cwd=repo, capture_output=True).returncode == 0
    run = subprocess.Popen(
        [*guardian, "apply", "--all", "--no-tests", "--jobs", "2"],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started: dict[int, str] = {}
    try:

        def workers_up() -> bool:
            started.update(descendants(run.pid))
            workers = [p for p in alive(started) if b"spawn_main" in _command(p)]
            return len(workers) >= 2 or run.poll() is not None

        assert poll(workers_up, 300), "the apply's workers never started"
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == -signal.SIGTERM  # it was still running: killed by the signal
        assert poll(lambda: not alive(started), 60), f"left running after the apply died: {alive(started)}"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for pid in alive(started):  # the old code's orphans, by their pids
            os.kill(pid, signal.SIGKILL)
