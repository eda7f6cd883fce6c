"""Ctrl-C while the command line is still loading: the interrupt report and exit 130, not a traceback.

The signal is made to land at a known moment, deterministically: an import hook raises
KeyboardInterrupt (what a SIGINT raises) the first time ``guardian.app`` is imported, which
``guardian.cli`` does while it loads. Seen under load in CI: ``tests/cli/test_interrupt.py``'s
earliest delay landed in ``import ctypes`` below ``guardian.cli``, and the user got a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

INTERRUPT_WHILE_LOADING = """
import runpy, sys

class InterruptOnce:
    fired = False

    def find_spec(self, name, path=None, target=None):
        if name == "guardian.app" and not InterruptOnce.fired:
            InterruptOnce.fired = True
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, InterruptOnce())
sys.argv = ["guardian", *sys.argv[1:]]
runpy.run_module("guardian", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("json_output", [False, True])
def test_ctrl_c_while_the_command_loads_is_reported(tmp_path: Path, json_output: bool) -> None:
    args = ["--json"] if json_output else []
    run = subprocess.run(
        [sys.executable, "-c", INTERRUPT_WHILE_LOADING, *args, "apply", "--all", "--no-tests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    assert run.returncode == 130, run.stderr
    if json_output:
        error = json.loads(run.stderr.strip().splitlines()[-1])["error"]
        assert error["type"] == "Interrupted" and error["applied"] == [] and error["consistent"] is True
    else:
        assert "interrupted. Batches applied: none." in run.stderr
        assert "The tree is consistent" in run.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_the_console_script_loads_the_command_line_as_python_m_does() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["guardian"] == "guardian.launch:entry"
