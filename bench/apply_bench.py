"""Benchmark of ``guardian apply --all`` (every module of a synthetic repository renamed).

Run: ``python bench/apply_bench.py [--modules 2000] [--samples 8] [--seed 0]``. Everything is
measured in this run, on the same deterministic repository (bench/synth.py):

* apply: ``guardian apply --all`` in its own process (wall time, peak RSS from ``wait4``), with the
  per-step split the JSON report gives (Rope + libcst compute, journal, verification, git);
* the parse floor: ``ast.parse`` of every file (the cyclic GC paused, as Guardian runs);
* Rope's plain way: a fresh Project and a whole-project ``Rename`` per module with Rope's default
  settings, timed on a seeded sample of modules and extrapolated to all of them;
* revert: ``guardian revert --all``, against the time to write the changed files (plainly, and
  durably the way the journal does: temp file, fsync, rename, directory fsync).

The must-haves of the issue are checked at the end (apply >= 20x faster than Rope's plain way,
revert <= 2x the durable write time, peak memory <= 1 GiB).
"""

from __future__ import annotations

import argparse
import ast
import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402

GIT = ["git", "-c", "user.email=bench@example.invalid", "-c", "user.name=bench"]
ROPE_PLAIN = """
import sys, time
from rope.base.project import Project
from rope.refactor.rename import Rename
root, rel, new = sys.argv[1:4]
start = time.perf_counter()
project = Project(root, ropefolder=None)
changes = Rename(project, project.get_resource(rel)).get_changes(new)
project.do(changes)
project.close()
print(time.perf_counter() - start)
"""


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if ".guardian" not in p.parts and ".git" not in p.parts)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not {".git", ".guardian"}.intersection(p.relative_to(root).parts)}


def parse_floor(root: Path) -> float:
    files = python_files(root)
    enabled = gc.isenabled()
    gc.disable()
    start = time.perf_counter()
    for path in files:
        ast.parse(path.read_bytes(), filename=str(path))
    elapsed = time.perf_counter() - start
    if enabled:
        gc.enable()
    return elapsed


def run_measured(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def guardian(*args: str) -> list[str]:
    return [sys.executable, "-m", "guardian", *args]


def rope_plain(root: Path, modules: list[Path], samples: int, seed: int) -> list[float]:
    """Seconds per whole-project Rename with a fresh Project (Rope's defaults), one process each."""
    picks = random.Random(seed).sample(modules, min(samples, len(modules)))
    times = []
    for path in picks:
        rel = path.relative_to(root).as_posix()
        run = subprocess.run([sys.executable, "-c", ROPE_PLAIN, str(root), rel, "plain_" + path.stem],
                             capture_output=True, text=True, check=True)
        times.append(float(run.stdout.strip().splitlines()[-1]))
    return times


def write_floor(files: dict[str, bytes], durable: bool, rounds: list[list[str]] | None = None,
                removed: dict[str, bytes] | None = None) -> float:
    """Time to write ``files`` into a scratch directory (durably: temp + fsync + rename + dir fsync);
    with ``rounds``, each round writes its paths again (a revert restores every batch's files);
    with ``removed``, those files (created beforehand, untimed) are also unlinked, durably."""
    target = Path(tempfile.mkdtemp(prefix="guardian-write-floor-"))
    try:
        for rel in files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
        for rel, data in (removed or {}).items():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_bytes(data)
        os.sync()
        start = time.perf_counter()
        for rel in removed or {}:
            os.unlink(target / rel)
        if removed and durable:
            for directory in {(target / rel).parent for rel in removed}:
                descriptor = os.open(directory, os.O_RDONLY)
                try:
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
        for rel, data in [(rel, files[rel]) for round_ in (rounds or [list(files)]) for rel in round_]:
            path = target / rel
            if not durable:
                path.write_bytes(data)
                continue
            temporary = path.with_name(f".{path.name}.tmp")
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(target, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=8, help="modules timed with Rope's plain way")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--revert-rounds", type=int, default=3, help="revert and write-floor rounds (medians)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="guardian-apply-bench-"))
    try:
        repo = make_repo(work / "repo", options.modules, options.seed)
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "synthetic"]):
            subprocess.run([*GIT, *command], cwd=repo, check=True)
        plain_copy = work / "plain"
        shutil.copytree(repo, plain_copy, ignore=shutil.ignore_patterns(".git"))
        original = snapshot(repo)
        files = python_files(repo)
        floor = statistics.median(parse_floor(repo) for _ in range(3))

        run_measured(guardian("--repo", str(repo), "-q", "plan"), repo)
        apply_s, apply_rss, report_text = run_measured(
            guardian("--repo", str(repo), "--json", "apply", "--all", "--jobs", str(options.jobs)), repo)
        report = json.loads(report_text)
        renamed = sum(len(b["renames"]) for b in report["batches"])
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
        # second: each is measured in several interleaved rounds (revert on a fresh copy of the
        # applied tree each time) and the medians are compared.
        created = {rel: data for rel, data in applied.items() if rel not in original}
        reverts, plains, durables, restores = [], [], [], []
        for round_ in range(options.revert_rounds):
            copy = work / f"revert-{round_}"
            shutil.copytree(repo, copy, symlinks=True)
            os.sync()
            seconds, revert_rss, _ = run_measured(guardian("--repo", str(copy), "-q", "revert", "--all"), copy)
            assert snapshot(copy) == original, "revert --all did not restore the tree byte for byte"
            shutil.rmtree(copy)
            reverts.append(seconds)
            plains.append(write_floor(changed, durable=False))
            durables.append(write_floor(changed, durable=True))
            restores.append(write_floor(changed, durable=True, removed=created))
        revert_s, write_plain, write_durable, restore = (statistics.median(x)
                                                         for x in (reverts, plains, durables, restores))
        write_batches = write_floor(every, durable=True, rounds=rounds)

        sources = [p for p in python_files(plain_copy) if p.name != "__init__.py" and "src" in p.parts]
        plain = rope_plain(plain_copy, sources, options.samples, options.seed)
        plain_total = statistics.mean(plain) * len(sources)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = [
        ("modules renamed", f"{renamed} in {len(report['batches'])} batches ({len(files)} .py files)"),
        ("guardian apply --all", f"{apply_s:.1f} s wall, peak RSS {apply_rss:.0f} MiB"),
        ("  of which Rope + libcst (compute)", f"{steps.get('compute', 0):.1f} s"),
        ("  of which journal (write-ahead + perform, fsync)", f"{steps.get('journal', 0):.1f} s"),
        ("  of which graph verification + compile", f"{steps.get('verify', 0):.1f} s"),
        ("  of which preflight + git", f"{steps.get('preflight', 0) + steps.get('git', 0):.1f} s"),
        ("parse floor (ast.parse, every file, GC paused)", f"{floor:.2f} s"),
        ("Rope plain way (fresh Project, whole-project Rename)",
         f"{statistics.mean(plain):.2f} s/module (n={len(plain)}, {min(plain):.2f}-{max(plain):.2f}) "
         f"x {len(sources)} = ~{plain_total:.0f} s"),
        ("guardian revert --all (median)", f"{revert_s:.2f} s wall ({' '.join(f'{x:.2f}' for x in reverts)}), "
                                           f"peak RSS {revert_rss:.0f} MiB"),
        ("write the changed files (medians)", f"{len(changed)} files: {write_plain:.2f} s plain "
                                              f"({' '.join(f'{x:.2f}' for x in plains)}), {write_durable:.2f} s "
                                              f"durable ({' '.join(f'{x:.2f}' for x in durables)})"),
        ("... and remove the files apply created (durable)",
         f"{len(changed)} written + {len(created)} removed: {restore:.2f} s "
         f"({' '.join(f'{x:.2f}' for x in restores)}): the least a revert must do"),
        ("write every batch's changed files (durable)",
         f"{sum(len(r) for r in rounds)} writes: {write_batches:.1f} s (what revert --all restores)"),
    ]
    width = max(len(r[0]) for r in rows)
    print("\n".join(f"{name.ljust(width)}  {value}" for name, value in rows))
    checks = [
        ("apply >= 20x faster than Rope's plain way", plain_total / apply_s, plain_total / apply_s >= 20),
        ("revert <= 2x the durable write of the changed files", revert_s / write_durable, revert_s <= 2 * write_durable),
        ("  revert vs a plain (not durable) write of them", revert_s / write_plain, None),
        ("  revert vs writing them and removing the created files", revert_s / restore, revert_s <= 2 * restore),
        ("  revert vs durable write of every batch's files", revert_s / write_batches, revert_s <= 2 * write_batches),
        ("peak memory <= 1 GiB", apply_rss / 1024, apply_rss <= 1024),
        ("goal: apply within 10x of the parse floor", apply_s / floor, apply_s <= 10 * floor),
        ("  compute alone vs the parse floor", steps.get("compute", 0) / floor, None),
    ]
    print()
    for name, ratio, passed in checks:
        verdict = "" if passed is None else ("PASS" if passed else "MISS")
        print(f"{name.ljust(width)}  {ratio:8.1f}  {verdict}")


if __name__ == "__main__":
    main()
