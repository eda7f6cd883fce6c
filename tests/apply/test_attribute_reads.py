"""A submodule read by its attribute name besides ``getattr`` (issue 13, breaker c16).

``import pkg.m1`` sets the attribute ``m1`` on ``pkg``; after the rename it sets ``WF1_..m1``. ``getattr(pkg, "m1")``
was listed and rewritten, but the same read as ``vars(pkg)["m1"]``, ``vars(pkg).get("m1")``, ``pkg.__dict__["m2"]``,
``pkg.__dict__.get("m2")`` or ``operator.attrgetter("m3.VALUE")(pkg)`` was neither (KeyError 'm1'). The plan lists
each as a ``getattr`` reference and apply gives its string the new name (planner/attribute_reads.py,
codemods/attribute_reads.py). ``inspect.getmembers(pkg)`` hands every name on to comparisons nobody can follow: it
was a manual follow-up (``module-members``) while apply renamed the modules and the names compared or looked up
changed (KeyError 'gamma', ``['WF1_..._alpha', 'alpha', ...]``); each submodule of the package listed keeps its name.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot, write_files

SUITE = """\
import operator

import pkg.m1
import pkg.m2
import pkg.m3


def test_vars():
    assert vars(pkg)["m1"].VALUE == 1
    assert vars(pkg).get("m1").VALUE == 1


def test_dict():
    assert pkg.__dict__.get("m2").VALUE == 2
    assert pkg.__dict__["m2"].VALUE == 2


def test_attrgetter():
    assert operator.attrgetter("m3.VALUE")(pkg) == 3
"""


def test_attribute_reads_are_listed_and_rewritten(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**", "tools/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/m1.py": "VALUE = 1\n",
            "pkg/m2.py": "VALUE = 2\n",
            "pkg/m3.py": "VALUE = 3\n",
            "tests/test_reads.py": SUITE,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {(ref["path"], ref["line"], ref["kind"], rename["old_module"]) for rename, ref in plan_references(plan)}
    for line, module in ((9, "pkg.m1"), (10, "pkg.m1"), (14, "pkg.m2"), (15, "pkg.m2"), (19, "pkg.m3")):
        assert ("tests/test_reads.py", line, "getattr", module) in listed
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


MEMBERS = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/sub/__init__.py": "from pkg.sub import alpha, beta\n",
    "pkg/sub/alpha.py": "V = 1\n",
    "pkg/sub/beta.py": "V = 2\n",
    "pkg/plain/__init__.py": "",
    "pkg/plain/gamma.py": "V = 3\n",
    "pkg/other.py": "V = 4\n",
    "pkg/registry.py": (
        "import inspect\n\nimport pkg.plain.gamma\nfrom pkg import sub\n\n\ndef modules():\n"
        "    return sorted(name for name, _ in inspect.getmembers(sub, inspect.ismodule))\n\n\n"
        "def plain():\n    return dict(inspect.getmembers(pkg.plain, inspect.ismodule))['gamma'].V\n"
    ),
    "tests/test_reg.py": (
        "from pkg import other, registry\n\n\ndef test_names():\n    assert registry.modules() == ['alpha', 'beta']\n\n\n"
        "def test_plain():\n    assert registry.plain() + other.V == 7\n"
    ),
}


def test_a_package_s_members_listed_by_name_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    """``sorted(name for name, _ in inspect.getmembers(sub, inspect.ismodule))`` and ``dict(getmembers(pkg.plain,
    ismodule))["gamma"]`` were follow-ups while apply renamed the modules: the names gained ``WF1_..._alpha`` beside
    ``alpha`` (the ``__init__``'s ``from pkg.sub import WF1_..._alpha as alpha`` sets both) and ``gamma`` was gone."""
    repo = committed(write_files(tmp_path / "repo", MEMBERS))
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    why = "which lists its package's members by name (inspect.getmembers)"
    assert kept == {
        "pkg/sub/alpha.py": f"found by name by pkg/registry.py:8, {why}",
        "pkg/sub/beta.py": f"found by name by pkg/registry.py:8, {why}",
        "pkg/plain/gamma.py": f"found by name by pkg/registry.py:12, {why}",
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg" / "other.py").exists()
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
