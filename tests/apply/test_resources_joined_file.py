"""A bare file name joined below ``importlib.resources.files("pkg")`` is that package's file (issue 13, breaker d36).

``resources.files("pkg").joinpath("tmpl.py").read_text()`` in a test beside ``pkg/tmpl.py`` and ``pkg/other/tmpl.py``:
the name is shared, so the plan listed two ``shared-file-name`` follow-ups, apply left ``"tmpl.py"`` and the test
read a file that was no longer there. The package's directory is spelled (planner/joined_file_names.py's
``placed``): the join names ``pkg/tmpl.py`` as ``Path(__file__).parent / "tmpl.py"`` names the file beside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

TEST = (
    "from importlib import resources\n"
    "def test_r():\n"
    "    assert 'T = 1' in resources.files('pkg').joinpath('tmpl.py').read_text()\n"
)
OTHER = "from importlib import resources\nPKG = 'pkg.other'\nT = resources.files(PKG) / 'tmpl.py'\n"


def test_a_file_joined_below_a_packages_resources_follows_its_rename(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/tmpl.py": "T = 1\n",
            "pkg/other/__init__.py": "",
            "pkg/other/tmpl.py": "T = 2\n",
            "tests/test_r.py": TEST,
            "tests/other.py": OTHER,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (rename["old_module"], ref["path"], ref["line"], ref["kind"], ref["action"])
        for rename, ref in plan_references(plan)
        if ref["path"].startswith("tests/")
    }
    assert found == {
        ("pkg.tmpl", "tests/test_r.py", 3, "file-name", "rewrite"),
        ("pkg.other.tmpl", "tests/other.py", 3, "file-name", "rewrite"),
    }
    result = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [b["manual_follow_up"] for b in result["batches"]] == [[]]
    [top] = (repo / "pkg").glob("WF*_tmpl.py")
    [other] = (repo / "pkg/other").glob("WF*_tmpl.py")
    assert (repo / "tests/test_r.py").read_text() == TEST.replace("'tmpl.py'", f"'{top.name}'")
    assert (repo / "tests/other.py").read_text() == OTHER.replace("'tmpl.py'", f"'{other.name}'")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
