"""A shim leaves no line unrun under coverage.py: a project held to full coverage (``--cov-fail-under=100``,
as attrs and structlog are) imports its renamed modules through the shims Guardian left, and its total must
not drop for lines only Guardian wrote (the breaker's p16: each shim 75 %, the total 100 % -> 85.71 %)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codemods.shims import shim_source

pytest.importorskip("coverage")

# The project's suite, as pytest runs it without its assertion rewriter: plain imports of the old paths.
SUITE = textwrap.dedent("""
    import warnings

    warnings.simplefilter("ignore")
    import oldtop
    import pkg.old
    import pkg.oldprog

    assert oldtop.VALUE == pkg.old.VALUE == pkg.oldprog.VALUE == 7
""").lstrip()

# ``exclude_lines`` given by the project replaces coverage.py's defaults (``if TYPE_CHECKING:`` among
# them): only the pragma a project keeps in its own list is sure to hold.
CONFIG = "[report]\nexclude_lines =\n    pragma: no cover\n[run]\nbranch = True\n"


def _missing(tmp_path: Path) -> dict[str, list[int]]:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    for path in ("newtop.py", "pkg/new.py", "pkg/newprog.py"):
        (tmp_path / path).write_text("VALUE = 7\n", encoding="utf-8")
    shims = {
        "oldtop.py": shim_source("oldtop", "newtop"),
        "pkg/old.py": shim_source("pkg.old", "pkg.new", warn=False),
        "pkg/oldprog.py": shim_source("pkg.oldprog", "pkg.newprog", program=True),
    }
    for path, text in shims.items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    (tmp_path / "suite.py").write_text(SUITE, encoding="utf-8")
    (tmp_path / ".coveragerc").write_text(CONFIG, encoding="utf-8")
    run = [sys.executable, "-m", "coverage"]
    subprocess.run([*run, "run", "suite.py"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run([*run, "json", "-o", "cov.json"], cwd=tmp_path, check=True, capture_output=True)
    report = json.loads((tmp_path / "cov.json").read_text(encoding="utf-8"))["files"]
    return {path: report[path]["missing_lines"] + report[path]["missing_branches"] for path in shims}


def test_every_line_of_a_shim_that_is_not_excluded_runs(tmp_path: Path) -> None:
    assert _missing(tmp_path) == {"oldtop.py": [], "pkg/old.py": [], "pkg/oldprog.py": []}
