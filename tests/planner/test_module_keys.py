"""A renamed top-level module's bare name where it is a module by where it stands (issue 13, shape13).

``pytest.importorskip("tool")`` skipped the test after the rename (a test lost), ``runpy.run_module("tool")``,
``sys.modules["tool"]`` and its ``.get``, ``monkeypatch.setitem(sys.modules, "tool", ...)``, ``"tool" in
sys.modules`` and ``[sys.executable, "-m", "tool"]`` missed the module: a bare name is a word elsewhere, so
none was listed or rewritten (apply: ``tests/codemods/rewrite_string_refs/top_level_module_keys.*``).
``python3 -m tool`` in a string (``f"{sys.executable} -m tool"``, ``sys.executable + " -m tool"``) runs it too.
``["git", "commit", "-m", "tool"]`` is a message, and a dict's key a word.
"""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.scan import scan_repo

TEST = """\
import runpy, subprocess, sys
import pytest


def test_runs(monkeypatch):
    tool = pytest.importorskip("tool")
    assert sys.modules.get("tool") is tool and "tool" in sys.modules
    monkeypatch.setitem(sys.modules, "tool", None)
    runpy.run_module("tool")
    subprocess.run([sys.executable, "-m", "tool"])
    subprocess.run(["git", "commit", "-m", "tool"])
    return {"tool": 1}["tool"]
"""


def test_bare_top_level_names_that_are_modules_are_listed(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text("VALUE = 1\n")
    (tmp_path / "test_tool.py").write_text(TEST)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind) for r in scan.references if r.path == "test_tool.py" and r.module == "tool")
    assert found == [
        (6, "importlib"),
        (7, "sys.modules"),
        (7, "sys.modules"),
        (8, "sys.modules"),
        (9, "run_module"),
        (10, "python -m"),
    ]


RUNS = """\
import subprocess, sys


def test_cli(name):
    subprocess.run(f"{sys.executable} -m tool --help", shell=True)
    subprocess.run(sys.executable + " -m tool", shell=True)
    subprocess.run("python3 -X dev -m tool", shell=True)
    return ["git commit -m tool", f"{name} -m tool", "python -m toolbox"]
"""


def test_a_module_python_runs_in_a_string_is_listed(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text("VALUE = 1\n")
    (tmp_path / "test_cli.py").write_text(RUNS)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind) for r in scan.references if r.path == "test_cli.py" and r.module == "tool")
    assert found == [(5, "python -m"), (6, "python -m"), (7, "python -m")]


PROGRAM_ARGUMENTS = """\
import subprocess, sys


def test_cli(script):
    subprocess.run([sys.executable, "-u", "-W", "ignore", "-m", "tool", "-m", "tool"])
    subprocess.run(f"{sys.executable} -X dev -m tool -m tool", shell=True)
    subprocess.run([sys.executable, "-m", "pytest", "-m", "tool", "tests"])
    subprocess.run([sys.executable, script, "-m", "tool"])
    subprocess.run(f"{sys.executable} -m pytest -m tool", shell=True)
    subprocess.run("python -u tools/bench.py -m tool", shell=True)
"""


def test_only_the_interpreters_m_names_a_module(tmp_path: Path) -> None:
    """Review 26: after ``python -m pytest`` or a script's path, a ``-m`` is the program's own (a pytest marker
    expression, a script's option), not a module to rename."""
    (tmp_path / "tool.py").write_text("VALUE = 1\n")
    (tmp_path / "test_cli.py").write_text(PROGRAM_ARGUMENTS)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind) for r in scan.references if r.path == "test_cli.py" and r.module == "tool")
    assert found == [(5, "python -m"), (6, "python -m")]
