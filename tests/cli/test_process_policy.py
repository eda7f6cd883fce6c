"""The command's garbage-collector policy (guardian/process.py) reaches the command's own module,
and only the command: a test or a program that runs ``main`` in its own process keeps its collector."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: Loads the ``plan`` command (``--help``: nothing runs) and prints how many objects are frozen
#: before and after, and the collector's thresholds.
_PROBE = """
import gc, json, sys
from guardian import process
from guardian.cli import main
if sys.argv[1] == "policy":
    process.configure_process()
before, start = gc.get_freeze_count(), gc.get_threshold()
try:
    main(["plan", "--help"], prog_name="guardian")
except SystemExit:
    pass
print("PROBE", json.dumps([before, gc.get_freeze_count(), gc.get_threshold(), start]))
"""


def _probe(mode: str) -> tuple[int, int, tuple[int, int, int], tuple[int, int, int]]:
    """(frozen before loading the command, frozen after, the thresholds after, the thresholds before)."""
    out = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("PROBE "))
    before, after, thresholds, start = json.loads(line.removeprefix("PROBE "))
    return before, after, tuple(thresholds), tuple(start)


def test_under_the_policy_the_command_module_is_frozen_once_loaded() -> None:
    before, after, thresholds, _ = _probe("policy")
    assert after > before > 0  # the planner and the command's other imports joined the frozen objects
    assert thresholds == (200_000, 30, 30)


def test_without_the_policy_loading_a_command_freezes_nothing() -> None:
    before, after, thresholds, start = _probe("plain")
    assert after == before  # CPython 3.12 starts with some objects frozen of its own: none are added
    assert thresholds == start  # the interpreter's own


#: Runs ``assess`` on a repository with a database (argv[2]: "policy" or "plain") and prints whether
#: SQLGlot, which only the database check loads, is still left to the collector afterwards.
_ASSESS_PROBE = """
import gc, json, sys
from guardian import process
from guardian.cli import main
if sys.argv[2] == "policy":
    process.configure_process()
try:
    main(["--repo", sys.argv[1], "--json", "assess"], prog_name="guardian")
except SystemExit:
    pass
from sqlglot import exp
print("PROBE", json.dumps(any(o is exp.Select for o in gc.get_objects())))
"""


def _collected_after_assess(repo: Path, mode: str) -> bool:
    out = subprocess.run([sys.executable, "-c", _ASSESS_PROBE, str(repo), mode], capture_output=True, text=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("PROBE "))
    return bool(json.loads(line.removeprefix("PROBE ")))


def test_under_the_policy_what_the_database_check_loaded_is_frozen_once_it_ran(sample_copy: Path) -> None:
    """SQLGlot's classes (and the check's parse trees) are not walked by the collections the
    interpreter makes at exit; a program embedding Guardian keeps them in its collector."""
    assert not _collected_after_assess(sample_copy, "policy")
    assert _collected_after_assess(sample_copy, "plain")
