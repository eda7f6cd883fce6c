"""A ``from pkg import (...)`` statement over several lines in Python source a Python file holds: a string of
generated source given to ``exec`` or ``python -c``, and a doctest's example (issue 13, the class of hole 01 of the
attacker review after review 22, in Python strings).

``exec("from pkg import cli")`` and ``>>> from pkg import cli`` were rewritten as Rope rewrites an import; the
same statement split over lines (``from pkg import (\\n    util,\\n    cli,\\n)`` in a generated source,
``>>> from pkg import (`` then ``...     cli,``) was not even a candidate of the string pass, and its doctest's names
were not in the plan: after the rename the generated code and the example raised ``ImportError``. The lines of such
a source are read as one source now (planner/source_imports.py), as a here-document's are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.rewrite_string_refs import rewrite_string_refs
from planner.config import Config
from planner.scan import scan_repo

GENERATE = '''"""Run generated source.

>>> from pkg import (
...     cli,
... )
>>> cli.NAME
'cli'
"""

SOURCE = """
from pkg import (
    util,
    cli as c,
)
print(c.NAME, util.NAME)
"""
exec(SOURCE)
exec("from pkg import (cli,\\n    util)\\nprint(cli.NAME)")
'''
GENERATE_AFTER = '''"""Run generated source.

>>> from pkg import (
...     WF1_cli as cli,
... )
>>> cli.NAME
'cli'
"""

SOURCE = """
from pkg import (
    WF1_util as util,
    WF1_cli as c,
)
print(c.NAME, util.NAME)
"""
exec(SOURCE)
exec("from pkg import (WF1_cli as cli,\\n    WF1_util as util)\\nprint(cli.NAME)")
'''
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tools/**"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "NAME = 'cli'\n",
    "pkg/util.py": "NAME = 'util'\n",
    "tools/generate.py": GENERATE,
}
RENAMES = {"pkg.cli": "pkg.WF1_cli", "pkg.util": "pkg.WF1_util"}


def test_the_plan_lists_a_doctests_names_over_its_lines(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = {(r.line, r.module) for r in scan.references if r.kind == "doctest"}
    assert (4, "pkg.cli") in found  # the ``...     cli,`` line


def test_apply_rewrites_the_statement_over_its_lines() -> None:
    result = rewrite_string_refs(GENERATE, RENAMES, path="tools/generate.py", module="tools.generate")
    assert result.code == GENERATE_AFTER
    assert sorted({e.kind for e in result.edits}) == ["code-string", "doctest"]


def test_applied_the_generated_source_runs_and_reverts_through_the_journal(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    cli_stem = next((repo / "pkg").glob("WF1_*_cli.py")).stem
    util_stem = next((repo / "pkg").glob("WF1_*_util.py")).stem
    expected = GENERATE_AFTER.replace("WF1_cli", cli_stem).replace("WF1_util", util_stem)
    assert (repo / "tools/generate.py").read_text() == expected
    command = [sys.executable, "-c", "import runpy; runpy.run_path('tools/generate.py')"]  # pkg from cwd
    run = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, "cli util\ncli\n"), run.stderr
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before
