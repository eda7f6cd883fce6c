"""What the found-by-name conventions (planner/conventions.py) cost a plan, beside the layer assignment that runs them.

Run: ``python bench/conventions_bench.py [--modules 20000] [--repeat 5]``.

Scans bench/synth.py's repository once, then measures in this process, round by round, the CPU time of
:func:`planner.conventions.found_by_name` over every module (with a fresh :class:`Checkout`, as each plan
makes one) and of the whole :func:`planner.layers.assign` that calls it, and prints the medians and
their ratio. The synthetic repository has no file a convention names, so this is the cost every plan
pays; a checkout with Django apps also asks, once per top-level package, whether it imports ``django``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synth import make_repo  # noqa: E402

from guardian.config_file import load_config  # noqa: E402
from planner.convention_contexts import Checkout
from planner.conventions import found_by_name
from planner.layers import assign  # noqa: E402
from planner.scan import scan_repo  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        config = load_config(make_repo(Path(scratch) / "synth", args.modules))
        scan = scan_repo(config)
        names = list(scan.modules)
        conventions, assignment = [], []
        for _ in range(args.repeat):
            start = time.process_time()
            found = found_by_name(Checkout(scan.modules, scan.facts, scan.other_files), names)
            conventions.append(time.process_time() - start)
            start = time.process_time()
            assign(config, scan)
            assignment.append(time.process_time() - start)
    ours, whole = statistics.median(conventions), statistics.median(assignment)
    print(
        f"{len(names)} modules, {len(found)} found by name: conventions {ours * 1000:.1f} ms CPU, "
        f"assign() {whole * 1000:.0f} ms CPU (conventions included): {ours / whole:.1%}"
    )


if __name__ == "__main__":
    main()
