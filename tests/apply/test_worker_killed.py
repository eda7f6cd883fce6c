"""Review 26: a worker process of ``apply --jobs N`` killed from outside (the out-of-memory killer's SIGKILL)
is a one-line error saying so (:class:`codemods.errors.WorkerDied`, exit 3), not an internal error ("this is a
bug, please report it", exit 1): while the batch is computed nothing is written; once it is written (the
compile check's workers), the batch is rolled back. The worker kills itself with SIGKILL: no timing."""

from __future__ import annotations

import os
import signal
from concurrent.futures import Executor
from pathlib import Path

import pytest
from apply_helpers import snapshot, write_files
from test_runner import SPLIT_TREE, plan_for

import codemods.apply_batches
import codemods.workers
from codemods.apply_batches import Runner
from codemods.batch_edit import Options
from codemods.errors import WorkerDied
from codemods.journal_port import RollbackJournal
from failures import ExitCode
from rollback import Journal

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX's")


def killed(*_args: object, **_kwargs: object) -> None:
    """A worker's task (imported there by this module's name): the process dies as the OOM killer ends it."""
    os.kill(os.getpid(), signal.SIGKILL)


def _run(root: Path) -> WorkerDied:
    config, plan = plan_for(root, [("pkg/alpha.py", "pkg/WF1_alpha.py"), ("pkg/beta.py", "pkg/WF1_beta.py")])
    with pytest.raises(WorkerDied) as raised:
        Runner(config, plan, RollbackJournal(root), options=Options(jobs=2)).run(plan.batches)
    return raised.value


def test_a_worker_killed_while_the_batch_is_computed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codemods.workers, "MIN_FILES", 1)  # the round's analysis goes to the workers
    monkeypatch.setattr(codemods.workers, "_work", killed)
    root = write_files(tmp_path / "repo", SPLIT_TREE)
    before = snapshot(root)
    error = _run(root)
    assert error.exit_code == ExitCode.CONFLICT and not error.rolled_back
    assert str(error).startswith("batch 1 was not written: a worker process was killed by SIGKILL while it ran")
    assert "likely out of memory" in str(error) and "--jobs 1" in str(error.hint)
    assert snapshot(root) == before


def test_a_worker_killed_once_the_batch_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def compile_errors(*_args: object, pool: Executor, **_kwargs: object) -> list[str]:
        pool.submit(killed).result()  # the compile check's workers, after the journal wrote the batch
        return []

    monkeypatch.setattr(codemods.apply_batches, "compile_errors", compile_errors)
    root = write_files(tmp_path / "repo", SPLIT_TREE)
    before = snapshot(root)
    error = _run(root)
    assert error.rolled_back and str(error).startswith("batch 1 was rolled back: a worker process was killed by")
    assert snapshot(root) == before
    assert [m.status for m in Journal(root).entries()] == ["reverted"]
