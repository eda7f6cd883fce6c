"""Entry points declared by dotted keys in ``[project]`` keep their old paths alive (issue 13, virtualenv 21.15).

virtualenv declares its plugins as ``entry-points."virtualenv.discovery".builtin = "virtualenv.discovery.builtin:Builtin"``
inside ``[project]`` (TOML dotted keys, the same table as ``[project.entry-points."virtualenv.discovery"]``). The
line was read as a plain ``pyproject`` string: rewritten, but no shim kept, while the installed copy's
``entry_points.txt`` (outside the checkout, until reinstalled) still named the old path: every session failed with
``ModuleNotFoundError: No module named 'virtualenv.discovery.builtin'`` (73 of 351 tests lost). A dotted key under
``scripts``, ``gui-scripts`` or ``entry-points`` in ``[project]`` is an ``entry-point`` reference now
(planner/file_references.py), as in the tables of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

FILES = {
    "pyproject.toml": (
        '[project]\nname = "pkg"\nversion = "1.0"\n'
        'scripts.pkg-run = "pkg.cli:main"\n'
        'entry-points."pkg.finders".basic = "pkg.finder:Finder"\n\n'
        '[tool.setuptools]\npackages = ["pkg"]\n'
    ),
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    print('ran')\n",
    "pkg/finder.py": "class Finder:\n    name = 'basic'\n",
    "pkg/other.py": "X = 1\n",
}


def test_dotted_entry_point_keys_keep_a_shim(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kinds = {(r["old"], ref["kind"]) for b in plan["batches"] for r in b["renames"] for ref in r.get("references", [])}
    assert ("pkg/cli.py", "entry-point") in kinds and ("pkg/finder.py", "entry-point") in kinds
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert {old for b in report["batches"] for old in b["shims"]} == {"pkg.cli", "pkg.finder"}
    # what an installed copy's entry_points.txt still names, until reinstalled
    old = "from pkg.cli import main; from pkg.finder import Finder; main(); print(Finder.name)"
    done = subprocess.run([sys.executable, "-c", old], cwd=repo, capture_output=True, text=True)
    assert done.stdout == "ran\nbasic\n", done.stderr
    assert '"pkg.finder:Finder"' not in (repo / "pyproject.toml").read_text()  # the declaration is rewritten
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
