"""A module path that an ellipsis ends in prose is the path (issue 13, pluginbase 1.0.1).

pluginbase's docs say a plugin "will internally be called ``pluginbase._internalspace._sp7...be4``": the
name elided with three dots. The dot right after the path was read as the token going on, so the plan
listed a ``longer-token`` follow-up, a dotted path for a person, and apply left it while it rewrote the
same path two lines on. No dotted name holds two dots running, so an ellipsis (``...`` or ``…``) right after
a path ends it, as a sentence's full stop does: ``docs``, rewritten as prose; revert gives back every byte.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

DOCS = """\
Each plugin is called ``pkg.space._internal._sp7...be4`` inside.
It reads its settings from pkg.space... or from pkg.space.Holder…
The parent pkg.space..sub is no module path.
"""
DOCS_AFTER = """\
Each plugin is called ``pkg.WF1_V7_L1_1of1_space._internal._sp7...be4`` inside.
It reads its settings from pkg.WF1_V7_L1_1of1_space... or from pkg.WF1_V7_L1_1of1_space.Holder…
The parent pkg.space..sub is no module path.
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**", "docs/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/space.py": "class Holder:\n    pass\n",
    "tests/test_space.py": "from pkg.space import Holder\n\n\ndef test_holder() -> None:\n    assert Holder()\n",
    "docs/index.rst": DOCS,
}


def test_a_path_an_ellipsis_ends_is_rewritten_as_prose(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "1 passed")
    docs = sorted(
        (r["line"], r["kind"], r["text"], r["action"])
        for _, r in plan_references(plan)
        if r["path"] == "docs/index.rst"
    )
    assert docs == [
        (1, "docs", "pkg.space._internal._sp7", "rewrite-prose"),
        (2, "docs", "pkg.space", "rewrite-prose"),
        (2, "docs", "pkg.space.Holder", "rewrite-prose"),
        (3, "longer-token", "pkg.space", "follow-up"),
    ]

    applied(cli, repo, "1 passed")
    assert (repo / "docs" / "index.rst").read_text() == DOCS_AFTER
    reverted(cli, repo, original)
