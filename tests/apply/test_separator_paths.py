"""A module path spelled as a file path whose separators become dots (issue 13, breaker's g11).

``import_module(os.path.join("pkg", "sub", "third").replace(os.sep, "."))`` was an ``unknown-dynamic-import`` hazard
on main, nothing listed, and the import failed after the rename; ``"pkg/sub/other".replace("/", ".")`` was rewritten
only as a file path's stem, with the same hazard. Both fold like ``".".join(("pkg", "sub", "mod"))``: the plan lists a
``computed-path`` rewrite on the literal holding the module's last segment, and apply rewrites it there
(planner/separator_paths.py, one rule for both).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**", "pkg/api.py"]\n\n[workflows]\n"pkg/**" = 1\n'
API = """\
import importlib
import os
import os.path

HERE = "pkg"


def joined():
    return importlib.import_module(os.path.join("pkg", "sub", "third").replace(os.sep, ".")).V


def slashed():
    return importlib.import_module("pkg/sub/other".replace("/", ".")).V


def prefixed():
    return importlib.import_module(os.path.join(HERE, "sub/fourth").replace(os.path.sep, ".")).V
"""
SUITE = """\
from pkg import api


def test_paths():
    assert (api.joined(), api.slashed(), api.prefixed()) == (3, 2, 4)
"""


def test_a_file_path_made_dotted_names_its_module(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/api.py": API,
            "pkg/sub/__init__.py": "",
            "pkg/sub/other.py": "V = 2\n",
            "pkg/sub/third.py": "V = 3\n",
            "pkg/sub/fourth.py": "V = 4\n",
            "tests/test_api.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "1 passed")
    assert not [h for h in plan["hazards"] if h["kind"].endswith("dynamic-import")]
    listed = {(r["old_module"], ref["line"], ref["kind"], ref["action"]) for r, ref in plan_references(plan)}
    assert {
        ("pkg.sub.third", 9, "computed-path", "rewrite"),
        ("pkg.sub.other", 13, "computed-path", "rewrite"),
        ("pkg.sub.fourth", 17, "computed-path", "rewrite"),
    } <= listed
    applied(cli, repo, "1 passed")
    text = (repo / "pkg/api.py").read_text()
    assert 'os.path.join("pkg", "sub", "WF1_' in text and '"sub/WF1_' in text and '"third"' not in text
    reverted(cli, repo, original)
