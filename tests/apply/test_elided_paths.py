"""A renamed module's file named by the tail of its path after an elided start (issue 13, pytest).

pytest's own suite matches its output with ``fnmatch_lines`` patterns such as
``"tmp_path -- .../_pytest/tmpdir.py:*"``: the ``...`` stands for whatever directory holds the source root.
The token was neither listed nor rewritten (``.../`` is not a path from the root, and the bare-name rule
leaves a path's tail), so after ``apply --all`` ``--fixtures`` printed the new file name and two tests were
lost. Such a tail is a ``file-path`` reference now, after ``.../``, ``*/`` or an ellipsis character, when it
has a directory and is a module's path from the root or a source root; not a bare name after the elision,
not a longer path, not another package's file with the same tail.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot

CONFIG = """\
source_roots = ["src"]
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"src/pkg/**" = 1
"""
PATTERNS = """\
SHOWN = [
    "tmp_path -- .../pkg/tmpdir.py:*",
    "*/pkg/tmpdir.py",
    "see \u2026/pkg/tmpdir.py",
    "frame in .../src/pkg/tmpdir.py, line 3",
]
LEFT = [
    ".../tmpdir.py",
    ".../other/pkg/tmpdir.py",
    "x.../pkg/tmpdir.py",
    ".../pkg/tmpdir.pyc",
    ".../pkg/tmpdirs.py",
]
"""


def test_a_path_after_an_elided_start(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "",
            "src/pkg/tmpdir.py": "",
            "tests/__init__.py": "",
            "tests/patterns.py": PATTERNS,
        }
    )
    committed(repo)
    original = snapshot(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (x["kind"], x["line"])
        for b in plan["batches"]
        for r in b["renames"]
        for x in r["references"]
        if x["path"] == "tests/patterns.py"
    }
    assert found == {("file-path", 2), ("file-path", 3), ("file-path", 4), ("file-path", 5)}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = next((repo / "src/pkg").glob("WF*_tmpdir.py")).name
    text = (repo / "tests/patterns.py").read_text()
    shown, left = text.split("LEFT = ")
    assert shown == PATTERNS.split("LEFT = ")[0].replace("/pkg/tmpdir.py", f"/pkg/{new}")
    assert left == PATTERNS.split("LEFT = ")[1]

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
