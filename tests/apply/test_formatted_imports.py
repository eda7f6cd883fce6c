"""A computed import formatted with any ``%`` directive reaches the modules its known part names (issue 13).

unidecode 1.4.0 loads its 188 tables by ``__import__('unidecode.x%03x' % (section), globals(), locals(), ['data'])``.
The name was read as a template only for ``%s``: with ``%03x`` nothing of it was known, the plan listed no reference
and no hazard, and after ``apply --all`` 34 of its 65 tests failed (every table not found). One directive of
printf-style formatting (``%d``, ``%03x``, ``%-4s`` ...; ``%%`` is a literal ``%``) is the template's unknown part
now (planner/computed_names.py), so each ``pkg.x*`` module is reachable by its old path: an ``unresolved-import``,
kept alive by a shim.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

INIT = """\
import importlib


def table(section):
    return __import__("pkg.x%03x" % (section), globals(), locals(), ["data"]).data


def codec(number):
    return importlib.import_module("pkg.codecs.c%d" % number).NAME
"""

TESTS = """\
from pkg import codec, table


def test_tables():
    assert table(0) == ("a",) and table(0x1F) == ("b",)


def test_codecs():
    assert codec(7) == "seven"
"""


def test_modules_a_formatted_name_reaches_keep_their_old_paths(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": INIT,
            "pkg/x000.py": 'data = ("a",)\n',
            "pkg/x01f.py": 'data = ("b",)\n',
            "pkg/codecs/__init__.py": "",
            "pkg/codecs/c7.py": 'NAME = "seven"\n',
            "tests/__init__.py": "",
            "tests/test_tables.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kinds = {r["old"]: sorted({(ref["kind"], ref["action"]) for ref in r["references"]}) for r in plan_renames(plan)}
    reached = [("unresolved-import", "keep-old-path")]
    assert kinds == {"pkg/x000.py": reached, "pkg/x01f.py": reached, "pkg/codecs/c7.py": reached}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/x000.py").read_text().startswith("data")  # a shim at the old path
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
