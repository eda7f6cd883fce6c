"""A submodule read by its attribute name besides ``getattr`` (issue 13, breaker c16).

``import pkg.m1`` sets the attribute ``m1`` on ``pkg``; after the rename it sets ``WF1_..m1``. ``getattr(pkg, "m1")``
was listed and rewritten, but the same read as ``vars(pkg)["m1"]``, ``vars(pkg).get("m1")``, ``pkg.__dict__["m2"]``,
``pkg.__dict__.get("m2")`` or ``operator.attrgetter("m3.VALUE")(pkg)`` was neither (KeyError 'm1'). The plan lists
each as a ``getattr`` reference and apply gives its string the new name (planner/attribute_reads.py,
codemods/attribute_reads.py). ``inspect.getmembers(pkg)`` hands every name on to comparisons nobody can follow: each
submodule is listed as a manual follow-up (``module-members``), never silent.
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
REPORT = """\
import inspect

import pkg


def module_names():
    return sorted(name for name, _ in inspect.getmembers(pkg, inspect.ismodule))
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
            "tools/__init__.py": "",
            "tools/report.py": REPORT,
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
    members = {module for path, _, kind, module in listed if kind == "module-members"}
    assert members == {"pkg.m1", "pkg.m2", "pkg.m3"}
    done = cli(repo, "--json", "apply", "--all", "--no-tests")
    assert done.stdout.count("inspect.getmembers") == 3  # each a manual follow-up
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
