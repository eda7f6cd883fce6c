"""Plan and apply read one rule for the strings that are module names by where they stand (planner/module_keys.py):
each line the plan lists as a ``sys.modules`` key or a module ``python -m`` runs is a line apply rewrites, and no
other. Apply asks the planner where those strings start (codemods/module_keys.py) rather than matching its own
libcst tree again: that copy had parted from the plan's, ``sys.modules["pkg"].get("tool")`` (an attribute of a
subscript, no ``sys.modules`` method) was rewritten and never listed.
"""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_string_refs import rewrite_string_refs
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

SOURCE = """\
import subprocess, sys


def test_tool(monkeypatch, name):
    assert sys.modules.get("tool") and "tool" in sys.modules and sys.modules["tool"]
    monkeypatch.setitem(sys.modules, "tool", None); monkeypatch.delitem(sys.modules, "tool")
    subprocess.run([sys.executable, "-X", "dev", "-m", "tool"])
    subprocess.run(("café", f"{ sys.executable } -m tool"))
    subprocess.run(sys.executable + (" -m tool"))
    subprocess.run("python3 -m tool")
    sys.modules["tool"].get("tool")
    sys.modules["other"].get("tool")
    subprocess.run(f"{name} -m tool {sys.executable!r} -m tool")
    subprocess.run([sys.executable, "-m", "pytest", "-m", "tool"])
    return {"tool": sys.modules}["tool"], "tool", f"{name} -m tool"
"""
#: ``f\"\"\"`` over lines: the plan's line is the f-string's first under Python 3.11 (ast's position of its part)
MULTILINE = '''import subprocess, sys\nsubprocess.run(f"""\n    {sys.executable} -m tool""")\n'''
KINDS = ("sys.modules", "python -m")


def test_apply_rewrites_the_module_keys_the_plan_lists(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text("VALUE = 1\n")
    (tmp_path / "test_tool.py").write_text(SOURCE, encoding="utf-8")
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    references = [*scan.references, *find_dynamic(tmp_path, scan)[0]]  # ``sys.modules["tool"]``: dynamic_imports
    listed = {(r.line, r.kind) for r in references if r.path == "test_tool.py" and r.kind in KINDS}
    result = rewrite_string_refs(SOURCE, {"tool": "tool_v2"}, path="test_tool.py", module="test_tool")
    assert {(e.line, e.kind) for e in result.edits if e.kind in KINDS} == listed
    assert sorted(line for line, _kind in listed) == [5, 6, 7, 8, 9, 10, 11, 13]


def test_a_command_after_the_interpreter_on_another_line_of_an_f_string() -> None:
    result = rewrite_string_refs(MULTILINE, {"tool": "tool_v2"}, path="run.py", module="run")
    assert result.code == MULTILINE.replace("-m tool", "-m tool_v2")
