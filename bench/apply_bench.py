"""Benchmark of ``guardian apply`` on a synthetic repository or a real package's sdist.

Run (each prints one table; docs/benchmarks-apply.md collects them)::

    python bench/apply_bench.py --modules 2000                         # every module renamed
    python bench/apply_bench.py --modules 2000 --one-batch 20          # one batch of 20 renames
    python bench/apply_bench.py --modules 20000 --one-batch 20 --samples 0
    python bench/apply_bench.py --modules 20000 --one-batch 20 --last --samples 0   # the plan's last batch
    python bench/apply_bench.py --sdist click==8.1.7                   # a real package, every module
    python bench/apply_bench.py --sdist sympy==1.13.3 --one-batch 20 --samples 0

Everything is measured in this run, on the same repository (bench/synth.py, deterministic, or the
sdist downloaded from the registry at run time into a cache outside the repository):

* apply: ``guardian apply --all`` (or ``--batch 1`` with ``--one-batch N``, the plan cut in batches
  of N; ``--last`` applies the plan's last batch instead: leaf modules, whose impact is the same at
  2,000 and 20,000 modules, where the first batch holds the hubs most of the repository imports;
  ``--jobs`` as given) in its own process: wall time, CPU time (user + system, what a loaded
  machine does not inflate) and peak RSS from ``wait4``, with the per-step split of the report;
* the parse floor: ``ast.parse`` of every file of the repository (the cyclic GC paused, as Guardian
  runs), wall and CPU, in this process and as a whole process (interpreter start-up included);
* Rope's plain way: a fresh Project and a whole-project ``Rename`` per module with Rope's default
  settings, its CPU time taken on a seeded sample of modules and extrapolated to all of them;
* revert: ``guardian revert --all``, against the time to write the changed files (plainly, and
  durably the way the journal does: temp file, fsync, rename, directory fsync).

The targets of issue 17 are checked at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import parse_floor, run_measured, write_floor
from sdists import fetch_sdist
from synth import make_repo

GIT = ["git", "-c", "user.email=bench@example.invalid", "-c", "user.name=bench"]
ROPE_PLAIN = """
import sys, time
from rope.base.project import Project
from rope.refactor.rename import Rename
root, rel, new = sys.argv[1:4]
start = time.process_time()
project = Project(root, ropefolder=None)
changes = Rename(project, project.get_resource(rel)).get_changes(new)
project.do(changes)
project.close()
print(time.process_time() - start)
"""


def _walk(root: Path) -> list[Path]:
    """Every file under ``root`` outside ``.git`` and ``.guardian`` (never walked into: git may repack
    its objects while we look)."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".guardian"))
        found += [Path(folder) / name for name in names]
    return sorted(found)


def python_files(root: Path) -> list[Path]:
    return [p for p in _walk(root) if p.suffix == ".py"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in _walk(root) if not p.is_symlink()}


#: Real packages: source roots and what is exempt (tests, docs, examples, packaging scripts).
SDISTS = {
    "click": (["src"], ["**/__init__.py", "**/__main__.py", "**/conftest.py", "tests/**", "docs/**", "examples/**"]),
    "sympy": (
        ["."],
        [
            "**/__init__.py",
            "**/__main__.py",
            "**/conftest.py",
            "**/tests/**",
            "**/benchmarks/**",
            "bin/**",
            "doc/**",
            "examples/**",
            "data/**",
            "setup.py",
            "isympy.py",
            "sympy.egg-info/**",
        ],
    ),
}


def prepare(options: argparse.Namespace, target: Path) -> tuple[Path, str]:
    """The repository to measure (committed to git) and its label."""
    if options.sdist:
        name = options.sdist.partition("==")[0]
        roots, exempt = SDISTS[name]
        shutil.copytree(
            fetch_sdist(name, options.sdist.partition("==")[2]), target, ignore=shutil.ignore_patterns(".complete")
        )
        package = name if roots == ["."] else f"{roots[0]}/{name}"
        (target / "guardian.toml").write_text(
            f"source_roots = {json.dumps(roots)}\nbatch_size = {options.one_batch or options.batch_size}\n"
            f'exempt = {json.dumps(exempt)}\n\n[workflows]\n"{package}/**" = 1\n'
        )
        label = options.sdist
    else:
        make_repo(target, options.modules, options.seed)
        if options.one_batch:
            pyproject = target / "pyproject.toml"
            pyproject.write_text(pyproject.read_text().replace("batch_size = 100", f"batch_size = {options.one_batch}"))
        label = f"synthetic {options.modules} modules"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "benchmark"]):
        subprocess.run([*GIT, *command], cwd=target, check=True)
    return target, label


def guardian(*args: str) -> list[str]:
    return [sys.executable, "-m", "guardian", *args]


def rope_plain(root: Path, modules: list[str], samples: int, seed: int) -> list[float]:
    """CPU seconds per whole-project Rename with a fresh Project (Rope's defaults), one process each."""
    picks = random.Random(seed).sample(modules, min(samples, len(modules)))
    times = []
    for rel in picks:
        run = subprocess.run(
            [sys.executable, "-c", ROPE_PLAIN, str(root), rel, "plain_" + Path(rel).stem],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(run.stdout.strip().splitlines()[-1]))
    return times


def main() -> None:
    if sys.argv[1:2] == ["--floor-only"]:  # the floor as a whole process: start-up, then every file parsed
        parse_floor(python_files(Path(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=2000, help="synthetic repository size")
    parser.add_argument("--sdist", default="", help="a real package instead: name==version (click, sympy)")
    parser.add_argument(
        "--one-batch", type=int, default=0, metavar="N", help="plan batches of N renames and apply only the first"
    )
    parser.add_argument("--last", action="store_true", help="with --one-batch: apply the plan's last batch")
    parser.add_argument("--batch-size", type=int, default=20, help="batch size of a real package's plan")
    parser.add_argument("--samples", type=int, default=8, help="modules timed with Rope's plain way (0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=0, help="guardian apply --jobs (0: its default)")
    parser.add_argument("--revert-rounds", type=int, default=3, help="revert and write-floor rounds (medians)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="guardian-apply-bench-"))
    try:
        repo, label = prepare(options, work / "repo")
        plain_copy = work / "plain"
        if options.samples:
            shutil.copytree(repo, plain_copy, ignore=shutil.ignore_patterns(".git"))
        original = snapshot(repo)
        files = python_files(repo)
        floors = [parse_floor(files) for _ in range(3)]
        floor, floor_cpu = statistics.median(f[0] for f in floors), statistics.median(f[1] for f in floors)
        process_floor = [
            run_measured([sys.executable, str(Path(__file__).resolve()), "--floor-only", str(repo)], repo)
            for _ in range(3)
        ]
        floor_process, floor_process_cpu = (
            statistics.median(f[0] for f in process_floor),
            statistics.median(f[1] for f in process_floor),
        )

        run_measured(guardian("--repo", str(repo), "-q", "plan"), repo)
        plan = json.loads((repo / ".guardian" / "plan.json").read_text())
        picked = plan["batches"][-1 if options.last else 0]["id"]
        selection = ["--batch", str(picked)] if options.one_batch else ["--all"]
        jobs = ["--jobs", str(options.jobs)] if options.jobs else []
        apply_s, apply_cpu, apply_rss, report_text = run_measured(
            guardian("--repo", str(repo), "--json", "apply", *selection, *jobs), repo
        )
        report = json.loads(report_text)
        renamed = [r["old"] for b in report["batches"] for r in b["renames"]]
        steps: dict[str, float] = {}
        for batch in report["batches"]:
            for name, value in batch["timings"].items():
                steps[name] = steps.get(name, 0.0) + value
        applied = snapshot(repo)
        changed = {rel: data for rel, data in original.items() if applied.get(rel) != data}
        sizes = {**original, **applied}
        rounds = [[f["old"] or f["new"] for f in batch["files"]] for batch in report["batches"]]
        every = {rel: sizes.get(rel, b"x" * 1500) for round_ in rounds for rel in round_}

        # Revert and the write floors are short and this disk's latency varies a lot from second to
        # second: each is measured in several interleaved rounds and the medians are compared. A
        # journal entry is bound to its repository's path, so each revert runs in place, on the
        # applied tree put back at the same path.
        created = {rel: data for rel, data in applied.items() if rel not in original}
        reverts, plains, durables, restores = [], [], [], []
        revert_rss = 0.0
        kept = work / "applied"
        if options.revert_rounds > 1:
            shutil.copytree(repo, kept, symlinks=True)
        for round_ in range(options.revert_rounds):
            if round_:
                shutil.rmtree(repo)
                shutil.copytree(kept, repo, symlinks=True)
            os.sync()
            seconds, _cpu, revert_rss, _ = run_measured(guardian("--repo", str(repo), "-q", "revert", "--all"), repo)
            assert snapshot(repo) == original, "revert --all did not restore the tree byte for byte"
            reverts.append(seconds)
            plains.append(write_floor(changed, durable=False))
            durables.append(write_floor(changed, durable=True))
            restores.append(write_floor(changed, durable=True, removed=created))
        revert_s, write_plain, write_durable, restore = (
            statistics.median(x) for x in (reverts, plains, durables, restores)
        )
        write_batches = write_floor(every, durable=True, rounds=rounds)

        plain = rope_plain(plain_copy, renamed, options.samples, options.seed) if options.samples else []
        plain_total = statistics.mean(plain) * len(renamed) if plain else 0.0
    finally:
        shutil.rmtree(work, ignore_errors=True)

    what = f"{len(renamed)} renames in {len(report['batches'])} batch(es)"
    rows = [
        ("repository", f"{label}: {len(files)} .py files; {what}"),
        (
            "guardian apply " + " ".join(selection + jobs),
            f"{apply_s:.2f} s wall, {apply_cpu:.2f} s CPU, peak RSS {apply_rss:.0f} MiB",
        ),
        ("  of which Rope + libcst (compute)", f"{steps.get('compute', 0):.1f} s"),
        ("  of which journal (write-ahead + perform, fsync)", f"{steps.get('journal', 0):.2f} s"),
        ("  of which graph verification + compile", f"{steps.get('verify', 0):.1f} s"),
        ("  of which preflight + git", f"{steps.get('preflight', 0) + steps.get('git', 0):.1f} s"),
        ("parse floor (ast.parse, every file, GC paused)", f"{floor:.2f} s wall, {floor_cpu:.2f} s CPU"),
        (
            "  the same as a whole process (start-up included)",
            f"{floor_process:.2f} s wall, {floor_process_cpu:.2f} s CPU",
        ),
        (
            "Rope plain way (fresh Project, whole-project Rename)",
            f"{statistics.mean(plain):.2f} s/module (n={len(plain)}, {min(plain):.2f}-{max(plain):.2f}) "
            f"x {len(renamed)} = ~{plain_total:.0f} s"
            if plain
            else "not sampled",
        ),
        (
            "guardian revert --all (median)",
            f"{revert_s:.2f} s wall ({' '.join(f'{x:.2f}' for x in reverts)}), peak RSS {revert_rss:.0f} MiB",
        ),
        (
            "write the changed files (medians)",
            f"{len(changed)} files: {write_plain:.2f} s plain "
            f"({' '.join(f'{x:.2f}' for x in plains)}), {write_durable:.2f} s "
            f"durable ({' '.join(f'{x:.2f}' for x in durables)})",
        ),
        (
            "... and remove the files apply created (durable)",
            f"{len(changed)} written + {len(created)} removed: {restore:.2f} s "
            f"({' '.join(f'{x:.2f}' for x in restores)}): the least a revert must do",
        ),
        (
            "write every batch's changed files (durable)",
            f"{sum(len(r) for r in rounds)} writes: {write_batches:.2f} s (what apply journals, once each)",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print("\n".join(f"{name.ljust(width)}  {value}" for name, value in rows))
    every_module = not options.one_batch
    floor_target = 20 if every_module and not options.sdist else 30
    checks: list[tuple[str, float, bool | None]] = [
        (
            f"apply CPU within {floor_target}x the parse floor (whole process)"
            if every_module
            else "apply CPU / the parse floor (whole process)",
            apply_cpu / floor_process_cpu,
            apply_cpu <= floor_target * floor_process_cpu if every_module else None,
        ),
        ("  apply CPU / the parse floor (parsing alone)", apply_cpu / floor_cpu, None),
        ("  apply wall / the parse floor (machine load inflates it)", apply_s / floor, None),
        ("  compute alone / the parse floor", steps.get("compute", 0) / floor, None),
        (
            "journal <= 2x writing the changed files durably once",
            steps.get("journal", 0) / max(write_batches, 1e-9),
            steps.get("journal", 0) <= 2 * write_batches,
        ),
        (
            "revert <= 2x the durable write of the changed files",
            revert_s / write_durable,
            revert_s <= 2 * write_durable,
        ),
        ("peak memory <= 1 GiB (GiB)", apply_rss / 1024, apply_rss <= 1024),
    ]
    if plain:
        checks.insert(
            1,
            (
                "apply >= 100x faster than Rope's plain way (CPU)",
                plain_total / apply_cpu,
                plain_total >= 100 * apply_cpu,
            ),
        )
    print()
    for name, ratio, passed in checks:
        verdict = "" if passed is None else ("PASS" if passed else "MISS")
        print(f"{name.ljust(width)}  {ratio:8.2f}  {verdict}")


if __name__ == "__main__":
    main()
