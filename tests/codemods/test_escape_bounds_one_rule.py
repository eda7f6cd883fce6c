r"""A module path right after an escape is a whole token to the plan and to apply alike (breaker F6, F7, F8; issue 13).

The plan reads a string's value, apply its source: ``"loaded:\npkg.mathops"`` was listed ``string-part`` (the value
holds a newline) and left by apply, which read ``npkg.mathops``, a longer token; a regex's ``r"\bpkg\.errors\.Bad\b"``,
``"\\bpkg..."``, ``r"\Apkg..."``, ``r"got\spkg..."`` and an ANSI colour ``"\x1b[31mpkg.errors.Bad"`` were neither
listed nor rewritten; ``r"pkg[/\\]errors\.py"`` was listed ``file-name`` and left. planner/escape_bounds.py is the one
rule both ask: an escape's letter (an odd run of backslashes before it) bounds the path; ``r"\\npkg"`` (a backslash,
then ``npkg``), ``xpkg.mathops`` and ``pkg.mathops_v2`` stay longer tokens.
"""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_string_refs import rewrite_string_refs
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.escape_bounds import escape_before
from planner.scan import scan_repo

BEFORE = r"""import re

A = "loaded:\npkg.mathops\nend"
B = "x\tpkg.mathops"
C = "x\u0009pkg.mathops"
D = "\r\npkg.mathops"
E = "...\npkg.errors.Bad: boom\n"
F = re.compile(r"\bpkg\.errors\.Bad\b")
G = re.compile("\\bpkg\\.errors\\.Bad\\b")
H = re.compile(r"\Apkg\.errors\.Bad")
I = re.compile(r"got\spkg\.errors\.Bad")
J = "\x1b[31mpkg.errors.Bad: y\x1b[0m"
K = re.compile(r"\x1b\[31mpkg\.errors\.Bad")
L = re.compile(r"pkg[/\\]errors\.py\", line \d+")
M = re.compile(r"errors\.py")
N = f"{A}\npkg.mathops"
KEEP = ["xpkg.mathops", "pkg.mathops_v2", r"\\npkg.mathops", "\\\\npkg.mathops", "\x41pkg.mathops"]
"""
AFTER = r"""import re

A = "loaded:\npkg.WF1_mathops\nend"
B = "x\tpkg.WF1_mathops"
C = "x\u0009pkg.WF1_mathops"
D = "\r\npkg.WF1_mathops"
E = "...\npkg.WF2_errors.Bad: boom\n"
F = re.compile(r"\bpkg\.WF2_errors\.Bad\b")
G = re.compile("\\bpkg\\.WF2_errors\\.Bad\\b")
H = re.compile(r"\Apkg\.WF2_errors\.Bad")
I = re.compile(r"got\spkg\.WF2_errors\.Bad")
J = "\x1b[31mpkg.WF2_errors.Bad: y\x1b[0m"
K = re.compile(r"\x1b\[31mpkg\.WF2_errors\.Bad")
L = re.compile(r"pkg[/\\]WF2_errors\.py\", line \d+")
M = re.compile(r"WF2_errors\.py")
N = f"{A}\npkg.WF1_mathops"
KEEP = ["xpkg.mathops", "pkg.mathops_v2", r"\\npkg.mathops", "\\\\npkg.mathops", "\x41pkg.mathops"]
"""
RENAMES = {"pkg.mathops": "pkg.WF1_mathops", "pkg.errors": "pkg.WF2_errors"}


def test_what_the_plan_lists_after_an_escape_apply_rewrites(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/mathops.py").write_text("def double(x):\n    return 2 * x\n")
    (tmp_path / "pkg/errors.py").write_text("class Bad(Exception):\n    pass\n")
    (tmp_path / "pkg/show.py").write_text(BEFORE)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    references = [*scan.references, *find_dynamic(tmp_path, scan)[0]]
    listed = {r.line for r in references if r.path == "pkg/show.py"}
    assert listed == set(range(3, 17))  # each line but the imports and the longer tokens of line 17

    result = rewrite_string_refs(
        BEFORE,
        RENAMES,
        path="pkg/show.py",
        module="pkg.show",
        names={"errors.py": "WF2_errors.py"},
        paths={"pkg/errors.py": "pkg/WF2_errors.py"},
    )
    assert result.code == AFTER
    changed = {n for n, (a, b) in enumerate(zip(BEFORE.splitlines(), AFTER.splitlines()), start=1) if a != b}
    assert changed == listed


def test_an_escape_ends_only_at_an_odd_run_of_backslashes() -> None:
    def bounded(text: str, *, doubled: bool = False) -> bool:
        return escape_before(text, text.index("pkg"), doubled=doubled)

    assert bounded(r"loaded:\npkg") and bounded(r"\bpkg") and bounded(r"x\u0009pkg") and bounded("\x1b[31mpkg")
    assert bounded(r"\x1b\[0;31mpkg") and bounded(r"\\bpkg", doubled=True) and bounded(r"\\\npkg", doubled=True)
    assert not bounded(r"\\npkg") and not bounded(r"\\\\npkg", doubled=True) and not bounded("xpkg")
    assert not bounded(r"\x41pkg", doubled=True)  # "Apkg": the escape spells a letter of a longer token
    assert not bounded(r"\x0apkg"[:-3] + "apkg", doubled=True)  # ``\x0a`` ends at the ``a``: no ``apkg`` here
