"""Benchmark of ``guardian plan`` against grimp's graph build and the ``ast.parse`` floor.

Run: ``python bench/plan_bench.py [--sizes 500 2000] [--repeat 3]``. Everything is measured in
this run on the same synthetic repositories (bench/synth.py); the table prints medians and the
ratios the issue names (target: plan <= 2x grimp's build_graph at 2,000 modules).
"""

from __future__ import annotations

import argparse
import ast
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def in_fresh_process(code: str, repeat: int) -> float:
    """Median wall time of ``code`` in a fresh interpreter (no warm caches), minus nothing."""
    samples = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def bench(modules: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / f"synth{modules}", modules)
        files = sorted(root.rglob("*.py"))

        def parse_all() -> None:
            enabled = gc.isenabled()
            gc.disable()
            for path in files:
                ast.parse(path.read_bytes())
            if enabled:
                gc.enable()

        floor = timed(parse_all, repeat)
        grimp_code = (f"import sys, time; sys.path.insert(0, {str(root / 'src')!r}); import grimp; t=time.perf_counter(); "
                      "grimp.build_graph('synth', cache_dir={cache}); print(time.perf_counter()-t)")
        grimp_s = in_fresh_process(grimp_code.format(cache="None"), repeat)
        grimp_cache = repr(str(Path(tmp) / "grimp-cache"))
        in_fresh_process(grimp_code.format(cache=grimp_cache), 1)  # warm it
        grimp_warm = in_fresh_process(grimp_code.format(cache=grimp_cache), repeat)
        plan_code = (f"import time; from pathlib import Path; from guardian.config import load_config; "
                     f"from guardian.cache import JsonFactsCache; "
                     f"from planner.build_plan import plan_repo; "
                     f"r = Path({str(root)!r}); c = load_config(r); t=time.perf_counter(); "
                     f"k = JsonFactsCache(r) if {{warm}} else None; "
                     f"plan_repo(c, jobs={{jobs}}, cache=k); k and k.save(); print(time.perf_counter()-t)")
        plan_1 = in_fresh_process(plan_code.format(jobs=1, warm=False), repeat)
        plan_2 = in_fresh_process(plan_code.format(jobs=2, warm=False), repeat)
        in_fresh_process(plan_code.format(jobs=2, warm=True), 1)  # fill the facts cache
        plan_warm = in_fresh_process(plan_code.format(jobs=2, warm=True), repeat)
        cli_samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "guardian", "--repo", str(root), "-q", "plan"], check=False,
                           capture_output=True)
            cli_samples.append(time.perf_counter() - start)
        return {"modules": modules, "files": len(files), "ast_floor": floor, "grimp": grimp_s, "grimp_warm": grimp_warm,
                "plan_j1": plan_1, "plan_j2": plan_2, "plan_warm": plan_warm, "cli": statistics.median(cli_samples)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [bench(n, args.repeat) for n in args.sizes]
    print("Cold: nothing cached (grimp cache_dir=None, no facts cache). Warm: unchanged files, both caches filled.")
    print("| modules | files | ast.parse floor s | grimp cold s | grimp warm s | plan cold 1 proc s | plan cold 2 procs s "
          "| plan warm s | `guardian plan` CLI (warm, whole process) s | cold plan/grimp | warm plan/grimp cold "
          "| warm plan/grimp warm | cold plan/floor |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cold = min(r["plan_j1"], r["plan_j2"])
        print(f"| {r['modules']} | {r['files']} | {r['ast_floor']:.3f} | {r['grimp']:.3f} | {r['grimp_warm']:.3f} "
              f"| {r['plan_j1']:.3f} | {r['plan_j2']:.3f} | {r['plan_warm']:.3f} | {r['cli']:.3f} "
              f"| {cold / r['grimp']:.2f}x | {r['plan_warm'] / r['grimp']:.2f}x | {r['plan_warm'] / r['grimp_warm']:.2f}x "
              f"| {cold / r['ast_floor']:.2f}x |")


if __name__ == "__main__":
    main()
