"""The scan reads every file once with ``ast``; read by worker processes it gives exactly the facts
and the plan of a read in this process, and a file it cannot parse is a finding, never an error."""

from __future__ import annotations

import sys
from pathlib import Path

import planner.read_files as read_files_module
from planner.build_plan import build_plan
from planner.config import Config
from planner.graph import RepoScan
from planner.scan import scan_repo

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "bench"))
from synth import make_repo  # noqa: E402


def facts_of(scan: RepoScan) -> dict[str, tuple[object, ...]]:
    return {
        path: (
            f.imports,
            f.strings,
            f.bound_names,
            f.dunder_all,
            sorted(f.other_names),
            f.syntax_error,
            f.shim,
            f.dynamic,
        )
        for path, f in scan.facts.items()
    }


def test_worker_processes_read_exactly_what_this_process_reads(tmp_path: Path, monkeypatch):
    root = make_repo(tmp_path / "synth", 450)
    package = root / "src" / "synth"
    (package / "broken_syntax.py").write_text("import os\ndef f(:\n    pass\n")
    (package / "climbs_above.py").write_text("from ....nowhere import x\nimport synth\n")
    config = Config(root=root, source_roots=("src",), batch_size=10)
    pools: list[int] = []
    real_pool = read_files_module.process_pool

    def pool(jobs: int) -> object:
        pools.append(jobs)
        return real_pool(jobs)

    monkeypatch.setattr(read_files_module, "process_pool", pool)
    serial = scan_repo(config, jobs=1)
    assert not pools
    parallel = scan_repo(config, jobs=2)
    assert pools == [2]
    assert list(parallel.facts) == list(serial.facts)
    assert facts_of(parallel) == facts_of(serial)
    assert [s.path for s in parallel.syntax_errors] == ["src/synth/broken_syntax.py"]
    assert build_plan(config, parallel).dumps() == build_plan(config, serial).dumps()


def test_many_syntax_errors_each_a_finding(write_tree):
    files = {f"pkg/m{i}.py": ("def f(:\n" if i % 7 == 0 else f"import pkg.m{i - 1}\n") for i in range(1, 200)}
    root = write_tree({"pkg/__init__.py": "", **files})
    scan = scan_repo(Config(root=root, source_roots=(".",)))
    assert {p.path for p in scan.syntax_errors} == {f"pkg/m{i}.py" for i in range(7, 200, 7)}
    assert scan.graph.has_edge("pkg.m2", "pkg.m1") and scan.graph.has_edge("pkg.m199", "pkg.m198")
