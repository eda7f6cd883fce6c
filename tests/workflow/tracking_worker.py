"""A separate process recording into a shared tracking database (used by the concurrency tests).

Usage: python tracking_worker.py REPO URL WORKER ROUNDS START_AT
(URL "-" = the repository's SQLite file). Waits until START_AT (epoch seconds) so every worker
starts writing at the same moment.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from guardian.tracking import CheckRecord, open_tracker
from planner.config import Config


def main() -> None:
    repo, url, worker, rounds, start_at = (
        Path(sys.argv[1]),
        sys.argv[2],
        int(sys.argv[3]),
        int(sys.argv[4]),
        float(sys.argv[5]),
    )
    while time.time() < start_at:
        time.sleep(0.005)
    tracker = open_tracker(repo, Config(root=repo, required_roles=("Layer Guardian",)), None if url == "-" else url)
    for i in range(rounds):
        tracker.record_event("worker", "ping", f"worker {worker} round {i}", {"worker": worker, "round": i})
        tracker.record_approval(i % 3 + 1, "d" * 64, "Layer Guardian", f"w{worker}")
        tracker.record_batch(f"{worker}-{i}", "applied", [f"pkg/w{worker}_{i}.py"], command="worker")
        tracker.record_validation([CheckRecord("tests", "pass", f"w{worker} r{i}", {"round": i}, 0.01)])
        tracker.block(2, "worker", str(worker), f"worker {worker} blocked", str(i))
    tracker.close()


if __name__ == "__main__":
    main()
