"""A name given to a call beside a module's ``__file__`` (issue 13, astroid).

astroid's tests hand its resolver names relative to the package of a file passed beside them:
``get_module_part("nodes.node_classes.AssName", modutils.__file__)``, ``is_relative("util", spec.__file__)``. Only
the callee knows that it reads the name relative to that file's package (the same shape passes a resource, a key or
a directory), so Guardian does not rewrite it; but after ``apply --all`` the call named a module that was gone, and
the plan said nothing. Such a name is a ``file-relative`` reference now: listed under the module it would name
there, with its ``path:line``, as a ``follow-up``; apply leaves it and lists it in the batch's manual follow-ups.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
from pkg import resolver as names
from pkg.sub import spec
import pkg.sub.spec


def test_relative_names():
    assert names.is_relative("util", spec.__file__)
    assert names.get_module_part("sub.util.VALUE", names.__file__) == "sub.util"
    assert names.is_relative(
        "util", pkg.sub.spec.__file__
    )
    assert not names.is_relative("missing", spec.__file__)
    assert names.is_relative("spec", spec.__file__, "util")
    assert names.is_relative("util", __file__)
"""


def test_a_name_relative_to_a_file_beside_it_is_listed_for_a_person(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg/sub").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/resolver.py").write_text("def is_relative(name, path, *rest):\n    return True\n")
    (repo / "pkg/sub/__init__.py").write_text("")
    (repo / "pkg/sub/spec.py").write_text("")
    (repo / "pkg/sub/util.py").write_text("VALUE = 1\n")
    (repo / "tests/test_names.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (x["old_module"], r["line"], r["text"], r["action"])
        for b in plan["batches"]
        for x in b["renames"]
        for r in x["references"]
        if r["path"] == "tests/test_names.py" and r["kind"] == "file-relative"
    }
    assert found == {
        ("pkg.sub.util", 7, "util", "follow-up"),
        ("pkg.sub.util", 8, "sub.util.VALUE", "follow-up"),
        ("pkg.sub.util", 10, "util", "follow-up"),
        ("pkg.sub.spec", 13, "spec", "follow-up"),
        ("pkg.sub.util", 13, "util", "follow-up"),
    }
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    listed = sorted(m["detail"] for b in report["batches"] for m in b["manual_follow_up"])
    assert [m.partition(": manual follow-up: ")[0] for m in listed] == [
        "tests/test_names.py:10",
        "tests/test_names.py:13",
        "tests/test_names.py:13",
        "tests/test_names.py:7",
        "tests/test_names.py:8",
    ]
    assert listed[-1].startswith(
        "tests/test_names.py:8: manual follow-up: a name given beside a module's __file__ names pkg.sub.util, "
        "renamed to pkg.sub.WF1_V7_L1_"
    ) and listed[-1].endswith("_util: 'sub.util.VALUE'")
    suite = (repo / "tests/test_names.py").read_text()
    assert 'names.is_relative("util", spec.__file__)' in suite and '"sub.util.VALUE", names.__file__' in suite
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
