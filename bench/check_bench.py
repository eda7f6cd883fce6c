"""Benchmark of ``guardian check`` (the pre-commit / CI gate) on a warm cache.

Run: ``python bench/check_bench.py [--modules 2000] [--repeat 5]``. On the synthetic repository of
bench/synth.py (every module non-compliant: the worst case, one finding per module printed), it
times whole ``guardian check`` processes as pre-commit runs them: the first (cold: nothing
cached) and the following ones (warm: unchanged files come from the facts cache). Baselines
measured in the same run: the interpreter's own start-up with Guardian's imports (the floor no
command can go under) and ``guardian plan`` on the same warm cache. The target is a warm check
under 1 s at 2,000 modules.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402

BUDGET_SECONDS = 1.0


#: as a user's shell or CI has it: byte-code caches written and reused (an environment that sets
#: PYTHONDONTWRITEBYTECODE would recompile Guardian's own modules in every process)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str]) -> tuple[float, int, float]:
    """Wall time, exit status and CPU time (user + system) of one process; the CPU time is what a
    busy machine inflates least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, done.returncode, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(argv: list[str], repeat: int, *, cpu: bool = False) -> float:
    return statistics.median(run(argv)[2 if cpu else 0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / "synth", args.modules)
        guardian = [sys.executable, "-m", "guardian", "--repo", str(root)]
        cold, status, _ = run([*guardian, "check"])
        if status not in (0, 1):
            raise SystemExit(f"guardian check exited {status}")
        warm = median([*guardian, "check"], args.repeat)
        warm_cpu = median([*guardian, "check"], args.repeat, cpu=True)
        floor = median([sys.executable, "-c", "import click, networkx, guardian.cli, planner.checks"], args.repeat)
        plan = median([*guardian, "-q", "plan"], args.repeat)
        load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (wall times grow with it; CPU times much less)")
    print(
        f"| modules | check cold s | check warm s (median of {args.repeat}) | check warm CPU s | start-up floor s "
        "| plan warm s | warm/budget 1 s | warm CPU/budget | warm/floor | warm/plan warm |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.modules} | {cold:.3f} | {warm:.3f} | {warm_cpu:.3f} | {floor:.3f} | {plan:.3f} "
        f"| {warm / BUDGET_SECONDS:.2f}x | {warm_cpu / BUDGET_SECONDS:.2f}x | {warm / floor:.2f}x | {warm / plan:.2f}x |"
    )


if __name__ == "__main__":
    main()
