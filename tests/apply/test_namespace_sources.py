"""Source a file runs in its own namespace reads a renamed top-level module by the name the file's import keeps
(issue 13, trialB, ConfigArgParse 1.9.0): ``import tool`` becomes ``import WF1_tool as tool``, so ``eval("tool.VALUE")``
and text put into ``exec(compile(...))``'s source by ``.replace`` read that binding. Apply rewrote them as module
paths (``WF1_tool.VALUE``: ``NameError``) and the plan listed the exec'd source's ``tool.VALUE``; ConfigArgParse's
test file ran CPython's ``test_argparse`` so and lost its 1840 tests at collection. Both leave such source now
(planner/namespace_sources.py); source importing the module itself, and a ``mock.patch`` target, get the new path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

from planner.config import Config
from planner.scan import scan_repo

USES = """import tool
from unittest import mock


def test_eval_reads_the_files_binding():
    assert eval("tool.VALUE") == 1


def test_exec_of_replaced_source():
    src = "import argparse\\nx = argparse.VALUE".replace("argparse.VALUE", "tool.VALUE")
    src += "\\ny = tool.VALUE"
    src = src.replace("import argparse\\n", "import argparse\\nz = tool.VALUE\\n")
    ns = {}
    exec(compile(src, "f", "exec"), globals(), ns)
    assert ns["x"] == ns["y"] == 1


def test_exec_source_reads_the_binding():
    ns = {}
    exec("x = tool.VALUE", globals(), ns)
    assert ns["x"] == 1


def test_source_importing_it_itself():
    ns = {}
    exec("import tool\\nx = tool.VALUE", ns)
    assert ns["x"] == 1


def test_a_patch_target_is_a_module_path():
    with mock.patch("tool.VALUE", 2):
        assert tool.VALUE == 2
"""
FILES = {
    "guardian.toml": 'exempt = ["tests/**"]\n[approvals]\nrequired_roles = []\n',
    "tool.py": "VALUE = 1\n",
    "tests/test_uses.py": USES,
}


def test_the_plan_lists_only_the_source_importing_it_and_the_patch_target(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=("tests/**",)))
    listed = sorted((r.line, r.kind) for r in scan.references if r.path == "tests/test_uses.py" and r.module == "tool")
    assert listed == [(26, "code-string"), (31, "mock.patch")]


def test_applied_the_source_reads_the_kept_binding_and_reverts(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    new = next(repo.glob("WF1_*_tool.py")).stem
    text = (repo / "tests/test_uses.py").read_text()
    assert f"import {new} as tool\n" in text
    assert 'eval("tool.VALUE")' in text and '"tool.VALUE")\n' in text and '"x = tool.VALUE"' in text
    assert f'"import {new}\\nx = {new}.VALUE"' in text and f'mock.patch("{new}.VALUE", 2)' in text
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    run = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before
