"""What reading the files tools run costs ``guardian plan`` (issue 13: JSON, Makefiles, Dockerfiles, Procfiles,
shell scripts; planner/tool_files.py), beside a baseline commit's code measured in the same run.

Run: ``python bench/tool_files_bench.py [--modules 2000] [--repeat 3] [--baseline main]``.

Four repositories, each planned cold with one process (bench/plan_bench.py's measured child) by this
checkout's code and by ``--baseline``'s, round by round:

* ``sample_repo``: the repository's own sample (no tool file): the plans must be byte-identical;
* ``synth``: bench/synth.py's repository of ``--modules`` modules (no tool file): byte-identical too;
* ``synth+generated``: the same with generated files Guardian must not spend time on: a 4 MiB
  ``package-lock.json``, a 3.6 MiB JSON data dump naming modules, ``node_modules/`` with 400 packages
  naming modules, 300 JSON schemas naming none, 200 files without a suffix, not executable;
* ``synth+tools``: ``synth+generated`` with tool files naming modules: 300 JSON fixtures of 20 objects
  each naming a module (6,000 references), a ``.vscode/launch.json``, CI workflows, a Dockerfile, a
  Procfile, a Makefile and 40 shell scripts without a suffix. Its plan differs (the new references).

Printed: the median CPU seconds of each, and each variant's CPU over ``synth``'s for both codes, round by
round: ``synth+generated`` should cost what ``synth`` does; ``synth+tools`` costs its references.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plan_bench import HERE, PLAN, Sample, checkout, sample_once  # noqa: E402
from synth import _name, _package, make_repo  # noqa: E402


def add_generated_files(root: Path, modules: int) -> None:
    """Write what ``synth+generated`` adds to the synthetic repository ``root``: files Guardian must not
    spend time on (deterministic)."""
    paths = _paths(modules)
    (root / "package-lock.json").write_text(
        json.dumps({"packages": {f"node_modules/p{i}": {"version": "1.0.0"} for i in range(60_000)}}, indent=2)
    )
    (root / "data").mkdir()
    (root / "data" / "dump.json").write_text(json.dumps([{"handler": paths[i % len(paths)]} for i in range(90_000)]))
    for i in range(400):
        package = root / "node_modules" / f"p{i}"
        package.mkdir(parents=True)
        (package / "package.json").write_text(
            json.dumps({"name": f"p{i}", "scripts": {"t": f"python -m {paths[i % len(paths)]}"}})
        )
    schemas = root / "schemas"
    schemas.mkdir()
    for i in range(300):  # JSON naming no module: schemas, translations
        rows = {f"field_{n}": {"type": "string", "title": f"Field {n} of form {i}"} for n in range(40)}
        (schemas / f"s{i:03d}.json").write_text(json.dumps(rows, indent=2))
    (root / "notes").mkdir()
    for i in range(200):
        (root / "notes" / f"NOTE{i}").write_text(f"see {paths[i % len(paths)]}\n")


def add_tool_files(root: Path, modules: int) -> None:
    """Write what ``synth+tools`` adds: the generated files, and tool files naming the package's modules."""
    add_generated_files(root, modules)
    paths = _paths(modules)
    fixtures = root / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    for i, path in enumerate(paths):
        rows = [{"model": "app.thing", "pk": n, "fields": {"handler": f"{path}:func_{n}"}} for n in range(20)]
        (fixtures / f"f{i:03d}.json").write_text(json.dumps(rows, indent=2))
    (root / ".vscode").mkdir()
    (root / ".vscode" / "launch.json").write_text(json.dumps({"configurations": [{"module": paths[0]}]}, indent=2))
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for i in range(5):
        (workflows / f"ci{i}.yml").write_text(f"jobs:\n  t:\n    steps:\n      - run: python -m {paths[i]}\n")
    (root / "Dockerfile").write_text(f'FROM python:3.12\nCMD ["python", "-m", "{paths[1]}"]\n')
    (root / "Procfile").write_text(f"web: gunicorn {paths[2]}:app\n")
    (root / "Makefile").write_text(f"run:\n\tpython -m {paths[3]}\n")
    (root / "bin").mkdir()
    for i in range(40):
        script = root / "bin" / f"run{i}"
        script.write_text(f'#!/bin/sh\nexec python -m {paths[i % len(paths)]} "$@"\n')
        os.chmod(script, 0o755)


def _paths(modules: int) -> list[str]:
    """About 300 module paths of the synthetic package, spread over it."""
    return [f"synth.pkg{_package(i):03d}.{_name(i)}" for i in range(0, modules, max(1, modules // 300))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="main", metavar="REF", help="the code to compare with (a commit)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = checkout(args.baseline, Path(tmp) / "baseline")
        repos = {
            "sample_repo": Path(shutil.copytree(HERE / "sample_repo", Path(tmp) / "sample_repo")),
            "synth": make_repo(Path(tmp) / "synth", args.modules),
            "synth+generated": make_repo(Path(tmp) / "generated", args.modules),
            "synth+tools": make_repo(Path(tmp) / "tools", args.modules),
        }
        add_generated_files(repos["synth+generated"], args.modules)
        add_tool_files(repos["synth+tools"], args.modules)
        runs: dict[tuple[str, str], list[Sample]] = {(r, c): [] for r in repos for c in ("new", "baseline")}
        for _ in range(args.repeat):
            for (repo, code), samples in runs.items():
                samples.append(
                    sample_once(PLAN, str(repos[repo]), "1", "cold", code_dir=base if code != "new" else None)
                )
        cpu = {key: statistics.median(s[1] for s in samples) for key, samples in runs.items()}
        for repo in repos:
            new, old = ({s[3] for s in runs[(repo, c)]} for c in ("new", "baseline"))
            same = "identical" if new == old and len(new) == 1 else "differs"
            print(
                f"{repo:15} plan CPU s: new {cpu[(repo, 'new')]:.3f}  baseline {cpu[(repo, 'baseline')]:.3f}  plan {same}"
            )
            if repo in ("sample_repo", "synth") and same != "identical":
                raise SystemExit(f"{repo}: the plan changed without any tool file")
        for variant in ("synth+generated", "synth+tools"):
            for code in ("new", "baseline"):
                ratios = [a[1] / b[1] for a, b in zip(runs[(variant, code)], runs[("synth", code)])]
                low, high = min(ratios), max(ratios)
                print(f"{variant} / synth, {code:8}: {statistics.median(ratios):.3f} (rounds {low:.3f}-{high:.3f})")


if __name__ == "__main__":
    main()
