"""A module path in a regex whose last segment is a group (issue 13, breaker d06, e16).

``warnings.filterwarnings("ignore", module=r"pkg\\.(legacy|other)")`` and ``r"pkg\\.(?:legacy)"`` were left as
they were: after ``apply --all`` the filter matched no module, the warning became an error and the test was lost.
Each alternative that is a renamed module's whole segment is rewritten now (planner/regex_groups.py, one rule for
the plan and apply); ``r"pkg\\.leg.*"``, part of a segment, is listed for a person (``regex-part``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

TEST = (
    "import warnings\n"
    "warnings.filterwarnings('ignore', module=r'pkg\\.(legacy|other)')\n"
    "warnings.filterwarnings('ignore', module=r'pkg\\.(?:legacy)')\n"
    "warnings.filterwarnings('ignore', module=r'pkg\\.leg.*')\n"
)


def test_a_regex_groups_alternatives_follow_the_renamed_module(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**", "pkg/other.py"]\n\n[workflows]\n"pkg/legacy.py" = 1\n',
            "pkg/__init__.py": "",
            "pkg/legacy.py": "X = 1\n",
            "pkg/other.py": "X = 2\n",
            "tests/test_filters.py": TEST,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (ref["line"], ref["kind"], ref["action"], ref["text"])
        for rename, ref in plan_references(plan)
        if ref["path"] == "tests/test_filters.py"
    }
    assert found == {
        (2, "regex", "rewrite", "legacy"),
        (3, "regex", "rewrite", "legacy"),
        (4, "regex-part", "follow-up", "pkg\\.leg"),
    }
    result = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    [new] = (repo / "pkg").glob("WF*_legacy.py")
    assert (repo / "tests/test_filters.py").read_text() == TEST.replace("(legacy", f"({new.stem}").replace(
        "(?:legacy", f"(?:{new.stem}"
    )
    [follow_up] = [f["detail"] for b in result["batches"] for f in b["manual_follow_up"]]
    assert follow_up.startswith("tests/test_filters.py:4: manual follow-up: a regex matching part of pkg.legacy")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
