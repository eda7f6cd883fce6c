"""Benchmark of ``guardian plan`` beside the ``ast.parse`` floor and grimp's graph build, in one run.

Run: ``python bench/plan_bench.py [--sizes 2000 20000] [--repeat 3]``, or on a real package's sdist
(downloaded at run time, bench/sdists.py; committed to git with the ``guardian.toml`` of bench/apply_bench.py)
``python bench/plan_bench.py --sdist sympy==1.14.0 --repeat 1 [--baseline REF]``: the floor, grimp, the
cold plan in one process and the warm plan (not the cold plan in 2 processes: a cold plan of sympy costs
about a minute of CPU).

Every measurement runs in a fresh interpreter on the same synthetic repository (bench/synth.py),
so nothing is warm but the OS page cache; the samples are taken round by round (one of each
measurement per round, so a ratio compares samples taken under the same load). The table prints
medians of ``--repeat`` samples, wall time and CPU time (user + system of the process and its
workers) and the peak memory (largest resident set of the process or one of its workers); the
ratios are those of the medians, and beside them the range of the ratios of each round's samples
(how much the load moved them). The plan runs under the process policy the ``guardian`` command
sets (guardian/process.py).

* ast floor: read and ``ast.parse`` every ``.py`` file, collector off, one process.
* grimp: ``grimp.build_graph("synth", cache_dir=None)`` (its Rust scanner on every core).
* plan cold: what ``guardian plan`` computes (guardian/commands/plan.py): ``scan_repo``, ``build_plan``
  and the text it writes (``guardian.stale.stamped``: the plan and its inputs), with no facts
  cache, 1 and 2 worker processes. Not measured: the interpreter's start-up and imports, and the
  tracking database's record of the plan.
* plan warm: the same with the facts cache and the findings cache (guardian/findings_cache.py) filled and no
  file changed.

Every plan run also prints the SHA-256 of the plan it made (``Plan.dumps()``, hashed after the
clock stops: the digest tests/planner/test_synth_plan_golden.py pins): the bench fails unless cold (1 and 2 processes) and warm plans are byte-identical,
and with ``--baseline REF`` (a git commit of this repository) it also plans each repository with
that commit's code (``git archive`` into a scratch directory, first on ``PYTHONPATH``) and fails
unless that plan is byte-identical too: a speed-up must not change the plan.

Targets (issue 12): cold plan <= 2x the ast floor, warm plan <= grimp's build.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402

#: This repository's root.
HERE = Path(__file__).resolve().parent.parent

#: Printed by every measured child: wall s, CPU s (self + workers), peak RSS MiB (self or a worker),
#: and what it made (the plan's SHA-256; None for the floor and grimp).
MEASURE = """
import resource, time
def _start():
    me = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), me.ru_utime + me.ru_stime
def _stop(start_wall, start_cpu):
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - start_cpu
    return [time.perf_counter() - start_wall, cpu, max(me.ru_maxrss, kids.ru_maxrss) / 1024]
def _report(measured, made=None):
    if made is not None:
        import hashlib
        made = hashlib.sha256(made.encode()).hexdigest()
    print(json.dumps([*measured, made]))
"""

FLOOR = """
import ast, gc, json, os, sys
{measure}
root = sys.argv[1]
files = sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names if f.endswith(".py"))
gc.disable()
w, c = _start()
for path in files:
    with open(path, "rb") as handle:
        ast.parse(handle.read())
_report(_stop(w, c))
"""

GRIMP = """
import json, sys
{measure}
sys.path.insert(0, sys.argv[1])
import grimp
w, c = _start()
grimp.build_graph(sys.argv[2], cache_dir=None)
_report(_stop(w, c))
"""

PLAN = """
import importlib, json, sys
from pathlib import Path
{measure}
if __name__ == "__main__":
    from guardian import process
    process.configure_process()
    from guardian.cache import JsonFactsCache
    from guardian.stale import stamped
    from planner.build_plan import build_plan
    from planner.scan import scan_repo
    # what guardian/cli.py does once the command's module is loaded (none in older code: --baseline)
    getattr(process, "command_loaded", lambda: None)()
    root, jobs, warm, loader = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "warm", sys.argv[4]
    config = importlib.import_module(loader).load_config(root)
    w, c = _start()
    # what ``guardian plan`` computes (guardian/commands/plan.py): the scan, the plan, the text it writes
    cache = JsonFactsCache(root) if warm else None
    scan = scan_repo(config, jobs=jobs, cache=cache)
    if cache is not None:
        cache.save()
    if warm:  # and find_dynamic's findings of each file (guardian/findings_cache.py)
        from guardian.findings_cache import JsonFindingsCache

        findings = JsonFindingsCache(root)
        plan = build_plan(config, scan, findings=findings)
        findings.save()
    else:  # also the code of a commit before the findings cache (--baseline)
        plan = build_plan(config, scan)
    modules = [m.path for m in scan.modules.values() if not ((f := scan.facts.get(m.path)) is not None and f.shim)]
    text = stamped(plan, config, modules)
    measured = _stop(w, c)
    _report(measured, plan.dumps())  # the digest tests/planner/test_synth_plan_golden.py pins
"""


Sample = tuple[float, float, float, str | None]  #: one run: wall s, CPU s, peak MiB, plan digest


def summary(runs: list[Sample]) -> tuple[float, float, float, set[str]]:
    """Medians of (wall s, CPU s), the peak MiB and the set of plan digests of ``runs``."""
    wall, cpu, rss, made = zip(*runs)
    return statistics.median(wall), statistics.median(cpu), max(rss), set(made)


def sample(code: str, *args: str, repeat: int, code_dir: Path | None = None) -> tuple[float, float, float, set[str]]:
    """:func:`summary` of ``code`` run ``repeat`` times (see :func:`sample_once`)."""
    return summary([sample_once(code, *args, code_dir=code_dir) for _ in range(repeat)])


def sample_once(code: str, *args: str, code_dir: Path | None = None) -> Sample:
    """One run of ``code`` in a fresh interpreter (with ``code_dir`` first on its path: another
    commit's code)."""
    env = dict(os.environ)
    if code_dir is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code_dir), env.get("PYTHONPATH")]))
    if code is PLAN:  # the module that reads the configuration, by the name it has in that code
        renamed = (code_dir or HERE) / "guardian" / "config_file.py"
        args = (*args, "guardian.config_file" if renamed.exists() else "guardian.config")
    out = subprocess.run(
        [sys.executable, "-c", code.format(measure=MEASURE), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
        env=env,
        cwd=code_dir or HERE,  # ``-c`` puts the working directory first on the path
    )
    wall, cpu, rss, made = json.loads(out.stdout.strip().splitlines()[-1])
    return wall, cpu, rss, made


def checkout(ref: str, target: Path) -> Path:
    """The files of this repository at commit ``ref``, extracted into ``target``."""
    archive = subprocess.run(["git", "-C", str(HERE), "archive", ref], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def bench(modules: int, repeat: int, baseline: Path | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / f"synth{modules}", modules)
        return bench_repo(root, modules, root / "src", "synth", repeat, baseline)


def bench_sdist(sdist: str, repeat: int, baseline: Path | None) -> dict[str, object]:
    """:func:`bench_repo` on a real package's sdist, prepared as bench/apply_bench.py prepares it."""
    from apply_bench import SDISTS, prepare

    name = sdist.partition("==")[0]
    if name not in SDISTS:
        raise SystemExit(f"--sdist {sdist}: no guardian.toml for {name} in bench/apply_bench.py (SDISTS)")
    with tempfile.TemporaryDirectory() as tmp:
        options = argparse.Namespace(sdist=sdist, one_batch=0, batch_size=20)
        root, _ = prepare(options, Path(tmp) / name)
        path = root / SDISTS[name][0][0]
        return bench_repo(root, sdist, path, name, repeat, baseline, cold2=False)


def bench_repo(
    root: Path, label: object, path: Path, package: str, repeat: int, baseline: Path | None, cold2: bool = True
) -> dict[str, object]:
    """The floor, grimp's build of ``package`` (found on ``path``), the cold plans (1 process, and 2 with
    ``cold2``) and the warm plan of the repository ``root``, round by round."""
    files = sum(1 for _ in root.rglob("*.py"))
    row: dict[str, object] = {"modules": label, "files": files}
    sample(PLAN, str(root), "2", "warm", repeat=1)  # fills the facts cache
    measured: dict[str, tuple[str, tuple[str, ...], Path | None]] = {
        "floor": (FLOOR, (str(root),), None),
        "grimp": (GRIMP, (str(path), package), None),
        "cold1": (PLAN, (str(root), "1", "cold"), None),
        "cold2": (PLAN, (str(root), "2", "cold"), None),
        "warm": (PLAN, (str(root), "2", "warm"), None),
    }
    if not cold2:
        del measured["cold2"]
    if baseline is not None:  # the baseline's cold plan in the same rounds: its CPU beside this code's
        measured["base1"] = (PLAN, (str(root), "1", "cold"), baseline)
    # Round by round, one sample of each: on a shared machine the load drifts over a run, and
    # a ratio should compare samples taken under the same load, not minutes apart.
    runs: dict[str, list[Sample]] = {key: [] for key in measured}
    for _ in range(repeat):
        for key, (code, args, code_dir) in measured.items():
            runs[key].append(sample_once(code, *args, code_dir=code_dir))
    for key in measured:
        row[key] = summary(runs[key])
    for ratio, (top, bottom) in {"cold/floor": ("cold1", "floor"), "warm/grimp": ("warm", "grimp")}.items():
        each = [a[1] / b[1] for a, b in zip(runs[top], runs[bottom])]  # CPU, round by round
        row[ratio] = (min(each), max(each))
    plans = {key: row[key][3] for key in ("cold1", "cold2", "warm", "base1") if key in row}  # type: ignore[index]
    digests = set().union(*plans.values())
    if len(digests) != 1:
        raise SystemExit(f"{label}: the plans differ: {plans}")
    row["plan"] = digests.pop()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", metavar="REF", help="also plan with this git commit's code; fail if it differs")
    parser.add_argument("--sdist", metavar="NAME==VERSION", help="a real package's sdist instead (click, sympy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        baseline = checkout(args.baseline, Path(scratch)) if args.baseline else None
        if args.sdist:
            rows = [bench_sdist(args.sdist, args.repeat, baseline)]
        else:
            rows = [bench(n, args.repeat, baseline) for n in args.sizes]
    columns = tuple(
        (key, title)
        for key, title in (
            ("floor", "ast floor"),
            ("grimp", "grimp build"),
            ("cold1", "plan cold, 1 proc"),
            ("cold2", "plan cold, 2 procs"),
            ("warm", "plan warm"),
            ("base1", f"plan cold, 1 proc, {args.baseline}'s code"),
        )
        if key in rows[0]
    )
    print("Wall s / CPU s / peak MiB, medians of", args.repeat, "fresh processes each.\n")
    print(
        "| modules | files | "
        + " | ".join(title for _, title in columns)
        + " | cold/floor (wall) | cold/floor (CPU) | warm/grimp (wall) | warm/grimp (CPU) |"
    )
    print("|---" * (len(columns) + 6) + "|")
    rounds = []
    for r in rows:
        cells = [f"{r[key][0]:.2f} / {r[key][1]:.2f} / {r[key][2]:.0f}" for key, _ in columns]  # type: ignore[index]
        floor, grimp, warm = r["floor"], r["grimp"], r["warm"]
        cold_wall = min(r[key][0] for key in ("cold1", "cold2") if key in r)  # type: ignore[index]
        cold_cpu = r["cold1"][1]  # type: ignore[index]
        print(
            f"| {r['modules']} | {r['files']} | "
            + " | ".join(cells)
            + f" | {cold_wall / floor[0]:.2f}x | {cold_cpu / floor[1]:.2f}x"
            + f" | {warm[0] / grimp[0]:.2f}x | {warm[1] / grimp[1]:.2f}x |"  # type: ignore[index]
        )
        (cold_low, cold_high), (warm_low, warm_high) = r["cold/floor"], r["warm/grimp"]  # type: ignore[misc]
        rounds.append(
            f"- {r['modules']}{' modules' if isinstance(r['modules'], int) else ''}: cold/floor {cold_low:.2f}-{cold_high:.2f}x, warm/grimp {warm_low:.2f}-{warm_high:.2f}x"
        )
        if "base1" in r:  # the same rounds: the baseline's cold plan against the floor and this code's
            base = r["base1"][1]  # type: ignore[index]
            rounds[-1] += (
                f"; {args.baseline}'s cold plan: {base / floor[1]:.2f}x the floor, this code {cold_cpu / base:.2f}x of it"
            )
    print("\nCPU ratios of each round's samples (lowest-highest):")
    print("\n".join(rounds))
    checked = ("cold with 1 and 2 processes and warm" if not args.sdist else "cold and warm") + (
        f", and with {args.baseline}'s code" if args.baseline else ""
    )
    print(f"\nThe plans are byte-identical ({checked}); SHA-256:")
    for r in rows:
        print(f"- {r['modules']}{' modules' if isinstance(r['modules'], int) else ''}: {r['plan']}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        scale = last["modules"] / first["modules"]  # type: ignore[operator]
        print(f"\nGrowth from {first['modules']} to {last['modules']} modules ({scale:.0f}x):")
        for key, title in columns:
            wall = last[key][0] / first[key][0]  # type: ignore[index]
            cpu = last[key][1] / first[key][1]  # type: ignore[index]
            memory = last[key][2] / first[key][2]  # type: ignore[index]
            print(f"- {title}: wall time x{wall:.1f}, CPU time x{cpu:.1f}, peak memory x{memory:.1f}")


if __name__ == "__main__":
    main()
