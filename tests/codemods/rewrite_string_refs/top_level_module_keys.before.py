import runpy
import subprocess
import sys

import pytest


def test_runs(monkeypatch):
    tool = pytest.importorskip("tool")
    assert sys.modules["tool"] is tool and sys.modules.get("tool") is tool
    assert "tool" in sys.modules and "other" not in sys.modules
    monkeypatch.setitem(sys.modules, "tool", None)
    monkeypatch.delitem(sys.modules, "tool")
    runpy.run_module("tool", run_name="__main__")
    subprocess.run([sys.executable, "-m", "tool", "--help"], check=True)
    subprocess.run(("python3", "-X", "dev", "-m", "tool"), check=True)


def not_modules():
    subprocess.run(["git", "commit", "-m", "tool"], check=True)
    words = {"tool": 1}
    return words["tool"], "tool" in words, ["-m", "tool"]
