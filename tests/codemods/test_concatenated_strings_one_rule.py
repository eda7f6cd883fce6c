"""An implicit concatenation is one string to the plan (``ast`` joins it) and must be one to apply (breaker's finding
8): ``importlib.import_module("pkg." "splitmod")`` was listed as an ``importlib`` rewrite, but apply read the parts
alone, neither of them a path (``"pkg."`` is a prefix of keys), left it, and after the rename the import raised
``ModuleNotFoundError``; ``sys.executable + " -m " "tool"`` and ``"python -m " "tool"`` were listed as ``python -m``
and left the same way. Apply reads the parts' joined text by a whole string's rules and writes the new text back over
the same parts (codemods/concatenated_strings.py): each string the plan lists is one apply rewrites.
"""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_string_refs import rewrite_string_refs
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

BEFORE = """\
import importlib, subprocess, sys


def run():
    module = importlib.import_module("pkg."
                                     "splitmod")
    subprocess.run([sys.executable + " -m " "tool", "python -m " "tool"])
    return module, sys.modules.get("to" "ol"), ("pkg.split" "mod.f"), r"pkg." r"splitmod", "a." "b"
"""
AFTER = """\
import importlib, subprocess, sys


def run():
    module = importlib.import_module("pkg."
                                     "WF1_splitmod")
    subprocess.run([sys.executable + " -m " "WF2_tool", "python -m " "WF2_tool"])
    return module, sys.modules.get("WF2_to" "ol"), ("pkg.WF1_split" "mod.f"), r"pkg." r"WF1_splitmod", "a." "b"
"""
RENAMES = {"pkg.splitmod": "pkg.WF1_splitmod", "tool": "WF2_tool"}


def test_apply_reads_a_concatenation_whole_as_the_plan_does(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text("VALUE = 1\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/splitmod.py").write_text("def f(): return 3\n")
    (tmp_path / "pkg/loader.py").write_text(BEFORE)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    references = [*scan.references, *find_dynamic(tmp_path, scan)[0]]
    listed = {(r.line, r.module) for r in references if r.path == "pkg/loader.py"}
    assert listed == {(5, "pkg.splitmod"), (7, "tool"), (8, "tool"), (8, "pkg.splitmod")}

    result = rewrite_string_refs(BEFORE, RENAMES, path="pkg/loader.py", module="pkg.loader")
    assert result.code == AFTER
    # each listed string, as a whole; the edit's line is the one that changes (``"WF1_splitmod"`` below its start)
    assert {(e.line, e.kind, e.old, e.new) for e in result.edits} == {
        (6, "import_module", "pkg.splitmod", "pkg.WF1_splitmod"),
        (7, "python -m", " -m tool", " -m WF2_tool"),
        (7, "python -m", "python -m tool", "python -m WF2_tool"),
        (8, "sys.modules", "tool", "WF2_tool"),
        (8, "string", "pkg.splitmod.f", "pkg.WF1_splitmod.f"),
        (8, "string", "pkg.splitmod", "pkg.WF1_splitmod"),
    }


def test_a_file_whose_only_path_is_split_at_a_dot_is_read() -> None:
    """``mock.patch("pkg." "splitmod.f")``: the file's bytes spell no ``pkg.splitmod`` and no import call, and apply's
    screen (codemods/string_prefilter.py ``needs_parse``) left it unread, while the plan listed a rewrite."""
    source = 'from unittest import mock\n\nwith mock.patch("pkg." "splitmod.f", 7):\n    pass\n'
    result = rewrite_string_refs(source, RENAMES, path="tests/test_f.py", module="tests.test_f")
    assert result.code == source.replace('"splitmod.f"', '"WF1_splitmod.f"')
