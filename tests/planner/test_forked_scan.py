"""A large checkout scanned in two halves, one in a forked child, gives exactly the serial scan's
facts and plan; a child that fails leaves its half to the parent. Each scan runs in a fresh
process: the fork is only taken while the process has a single thread (pytest-xdist's workers
have more, and a process that already ran grimp's scanner must not fork a child that runs it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "bench"))
from synth import make_repo  # noqa: E402

SCRIPT = """
import json, os, sys
from pathlib import Path
import planner.graph as graph
from planner.config import Config
from planner.plan import build_plan

root, jobs, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
forks = []
real_fork = os.fork
def fork():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = fork
if mode == "child-fails":  # only the child pickles: it fails, the parent parses its half
    import pickle, types
    def dumps(*args, **kwargs):
        raise RuntimeError("the child fails")
    graph.pickle = types.SimpleNamespace(dumps=dumps, loads=pickle.loads, HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL)
config = Config(root=root, source_roots=("src",), batch_size=10)
scan = graph.scan_repo(config, jobs=jobs)
facts = {path: [repr(f.imports), repr(f.strings), repr(f.bound_names), repr(f.dunder_all), repr(sorted(f.other_names)),
                repr(f.syntax_error), f.shim] for path, f in sorted(scan.facts.items())}
print(json.dumps({"forks": len(forks), "facts": facts, "plan": build_plan(config, scan).dumps(),
                  "syntax": [s.to_json() for s in scan.syntax_errors]}))
"""


def run(root: Path, jobs: int, mode: str = "") -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(root), str(jobs), mode], capture_output=True, text=True,
                         check=True, cwd=REPO_ROOT, timeout=120)
    return json.loads(out.stdout)


def test_forked_halves_equal_the_serial_scan(tmp_path: Path):
    root = make_repo(tmp_path / "synth", 450)
    package = root / "src" / "synth"
    (package / "broken_syntax.py").write_text("import os\ndef f(:\n    pass\n")
    (package / "climbs_above.py").write_text("from ....nowhere import x\nimport synth\n")
    serial = run(root, 1)
    forked = run(root, 2)
    assert serial["forks"] == 0 and forked["forks"] == 1
    assert forked["facts"] == serial["facts"]
    assert forked["plan"] == serial["plan"]
    assert [s["path"] for s in forked["syntax"]] == ["src/synth/broken_syntax.py"] == [s["path"] for s in serial["syntax"]]


def test_a_failing_child_leaves_its_half_to_the_parent(tmp_path: Path):
    root = make_repo(tmp_path / "synth", 450)
    serial = run(root, 1)
    failed = run(root, 2, "child-fails")
    assert failed["forks"] == 1
    assert failed["facts"] == serial["facts"] and failed["plan"] == serial["plan"]
