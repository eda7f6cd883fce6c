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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402

BUDGET_SECONDS = 1.0


def run(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def median(argv: list[str], repeat: int) -> float:
    return statistics.median(run(argv)[0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / "synth", args.modules)
        guardian = [sys.executable, "-m", "guardian", "--repo", str(root)]
        cold, status = run([*guardian, "check"])
        if status not in (0, 1):
            raise SystemExit(f"guardian check exited {status}")
        warm = median([*guardian, "check"], args.repeat)
        floor = median([sys.executable, "-c", "import click, networkx, guardian.cli, planner.checks"], args.repeat)
        plan = median([*guardian, "-q", "plan"], args.repeat)
    print(
        f"| modules | check cold s | check warm s (median of {args.repeat}) | start-up floor s | plan warm s "
        "| warm/budget 1 s | warm/floor | warm/plan warm |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.modules} | {cold:.3f} | {warm:.3f} | {floor:.3f} | {plan:.3f} | {warm / BUDGET_SECONDS:.2f}x "
        f"| {warm / floor:.2f}x | {warm / plan:.2f}x |"
    )


if __name__ == "__main__":
    main()
