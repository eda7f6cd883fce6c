import runpy
import subprocess
import sys

import pytest


def test_runs(monkeypatch):
    tool = pytest.importorskip("WF2_tool")
    assert sys.modules["WF2_tool"] is tool and sys.modules.get("WF2_tool") is tool
    assert "WF2_tool" in sys.modules and "other" not in sys.modules
    monkeypatch.setitem(sys.modules, "WF2_tool", None)
    monkeypatch.delitem(sys.modules, "WF2_tool")
    runpy.run_module("WF2_tool", run_name="__main__")
    subprocess.run([sys.executable, "-m", "WF2_tool", "--help"], check=True)
    subprocess.run(("python3", "-X", "dev", "-m", "WF2_tool"), check=True)


def not_modules():
    subprocess.run(["git", "commit", "-m", "tool"], check=True)
    words = {"tool": 1}
    return words["tool"], "tool" in words, ["-m", "tool"]
