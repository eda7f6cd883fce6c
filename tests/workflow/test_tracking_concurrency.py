"""Several real Guardian processes writing one tracking database at once never corrupt it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from guardian.tracking import open_tracker
from guardian.tracking.schema import LATEST
from planner.config import Config

WORKER = Path(__file__).with_name("tracking_worker.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


def run_workers(repo: Path, url: str, workers: int, rounds: int) -> None:
    """Start ``workers`` processes that begin writing at the same instant; all must exit 0."""
    start_at = time.time() + 1.5  # after every interpreter has started
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(repo), url, str(w), str(rounds), str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in range(workers)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err


def check_integrity(tracker, workers: int, rounds: int) -> None:
    """Exact counts: nothing lost, nothing doubled, every record whole."""
    pings = tracker.events("ping")
    assert len(pings) == workers * rounds
    assert len({e.id for e in pings}) == len(pings)
    assert {(e.payload["worker"], e.payload["round"]) for e in pings} == {
        (w, r) for w in range(workers) for r in range(rounds)
    }
    assert len(tracker.events("batch")) == workers * rounds
    assert len(tracker.approvals()) == workers * min(rounds, 3)  # one per (batch, approver): repeats are idempotent
    runs = tracker.events("validate")
    assert len(runs) == workers * rounds and all(len(tracker.results(r.id)) == 1 for r in runs)
    assert len(tracker.phases()) == 7
    blocked = tracker.tasks(status="BLOCKED", phase=2)
    assert sorted(t.ref for t in blocked) == [str(w) for w in range(workers)]
    assert sorted(t.detail for t in blocked) == [str(rounds - 1)] * workers
    versions = tracker.query("SELECT version FROM guardian_schema WHERE prefix = 'v7_' ORDER BY version")
    assert [v[0] for v in versions] == list(range(1, LATEST + 1))  # migrated exactly once


def test_four_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    workers, rounds = 4, 25
    run_workers(tmp_path, "-", workers, rounds)
    path = tmp_path / ".guardian" / "tracking.db"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    tracker = open_tracker(tmp_path, Config(root=tmp_path))
    check_integrity(tracker, workers, rounds)
    tracker.close()


def test_guardian_commands_running_at_once(write_tree) -> None:
    """Eight real `guardian approve` / `gate` processes at once on a fresh repository."""
    import json

    from workflow_helpers import make_plan

    root = write_tree(
        {
            "guardian.toml": '[approvals]\nrequired_roles = ["Layer Guardian", "Test Sentinel"]\n',
            "pkg/__init__.py": "",
            "pkg/a.py": "",
            "pkg/b.py": "",
        }
    )
    plan = make_plan({1: ["a"], 2: ["b"]})
    (root / ".guardian").mkdir()
    (root / ".guardian" / "plan.json").write_text(plan.dumps(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("GUARDIAN_TRACKING_URL", None)
    commands = [
        ["approve", str(b), "--by", f"p{b}", "--role", role]
        for b in (1, 2)
        for role in ("Layer Guardian", "Test Sentinel")
    ] + [["--json", "gate"]] * 4
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "guardian", "--repo", str(root), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in commands
    ]
    results = [(p.communicate(timeout=120), p.returncode) for p in procs]
    assert [code for _, code in results[:4]] == [0, 0, 0, 0], [err for (_, err), _ in results]
    assert all(code in (0, 3) and json.loads(out)["gates"] for (out, _), code in results[4:])
    with sqlite3.connect(root / ".guardian" / "tracking.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    tracker = open_tracker(root, Config(root=root))
    assert sorted((a.batch_id, a.role) for a in tracker.approvals()) == [
        (1, "Layer Guardian"),
        (1, "Test Sentinel"),
        (2, "Layer Guardian"),
        (2, "Test Sentinel"),
    ]
    assert tracker.phase(3).status == "COMPLETE" and len(tracker.events("command")) == 8
