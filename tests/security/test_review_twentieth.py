"""Attacks of the twentieth reviewer (issues 11 and 13), on what this round added for real code: input a
checkout ships that made ``plan`` or ``apply`` work for minutes (a hang, to a CI job) or stop on an internal
error. Each test is the attack, and fails (or times out) on the old code:

- a long line in a docs file, read for globs over renamed files' paths (quadratic regex);
- a data file of ``cpkg.cpkg...``, read for pickled module paths (quadratic regex);
- a string of 100,000 dotted parts, searched for its longest module prefix by prefix (quadratic joins);
- thousands of ``dir(package)`` reads, each listing every submodule, and nested ``getattr`` calls, each
  unparsed whole for the reference's text;
- a valid latin-1 Python file (its coding line), whose surrogate-escaped text crashed libcst;
- a checkout's pytest plugin printing the runner probe's marker line with no module after it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.cst_source import parse_cst
from guardian.suite_runs import runner_imports
from planner.python_source import Unparsable
from planner.submodule_attributes import _computed_uses


def _returns_within_a_minute(code: str) -> None:
    """``code`` in a process of its own: one that has not returned within a minute is the hang (the old
    searches took minutes, growing with the square of the input)."""
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_long_line_is_searched_for_globs_in_linear_time() -> None:
    _returns_within_a_minute(
        "from codemods.config_line_refs import _GLOB\n"
        "assert _GLOB.findall('a' * 1_000_000 + ' x?') == ['x?']\n"
        "assert _GLOB.findall('x]a* p=q? [s]t*') == ['a*', 'q?', 't*']"
    )


def test_a_data_file_of_dotted_runs_is_read_for_pickled_paths_in_linear_time() -> None:
    _returns_within_a_minute(
        "from planner.pickled_references import pickle_pattern\n"
        "pattern = pickle_pattern({'pkg'})\n"
        "assert pattern.findall('cpkg.' * 200_000) == []\n"
        r"assert pattern.findall('\x80\x02cpkg.mod\nKlass\n')[0][0] == 'pkg.mod'"
    )


def test_a_string_of_a_hundred_thousand_parts_finds_its_module_in_linear_time() -> None:
    _returns_within_a_minute(
        "from planner.references import longest_module\n"
        "modules = {'pkg': None, 'pkg.a': None}\n"
        "assert longest_module('pkg.' + 'a.' * 100_000, modules) == 'pkg.a'"
    )


def test_reads_of_a_package_by_computed_name_are_listed_once_per_file_with_a_short_text() -> None:
    nested = "getattr(" * 50 + "targets, name)" + ", name)" * 49
    tree = ast.parse(f"x = dir(targets)\n{'y = vars(targets)' + chr(10)}" * 1_000 + f"z = {nested}\n")
    packages = {"pkg.targets": {"alpha": "pkg.targets.alpha", "beta": "pkg.targets.beta"}}
    found = list(_computed_uses("pkg/registry.py", tree, {"targets": "pkg.targets"}, packages))
    # two thousand reads were four thousand references; each read reaches every submodule, once is enough
    assert [(r.line, r.text, r.module) for r in found] == [
        (1, "dir(targets)", "pkg.targets.alpha"),
        (1, "dir(targets)", "pkg.targets.beta"),
    ]
    [deep] = _computed_uses(
        "pkg/registry.py",
        ast.parse(f"z = {nested}\n"),
        {"targets": "pkg.targets"},
        {"pkg.targets": {"alpha": "pkg.targets.alpha"}},
    )
    assert deep.text == "getattr(targets, ...)"  # not the whole call unparsed, which could be megabytes


def test_a_latin1_python_file_is_unparsable_not_an_internal_error() -> None:
    raw = "# -*- coding: latin-1 -*-\ncollect_ignore = ['pkg/mod.py']  # caf\xe9\n".encode("latin-1")
    with pytest.raises(Unparsable):
        parse_cst(raw.decode("utf-8", "surrogateescape"), "conftest.py")


def test_a_plugin_printing_the_probe_marker_adds_no_module_and_crashes_nothing(tmp_path: Path) -> None:
    (tmp_path / "evilplug.py").write_text(
        "print('guardian-runner-import')\nprint('guardian-runner-import os.path extra')\n"
        "print('guardian-runner-import ../../etc')\n"
    )
    found = runner_imports([sys.executable, "-m", "pytest", "-p", "evilplug"], tmp_path, pythonpath=[tmp_path])
    assert found == []  # no IndexError, and no module named by the checkout's own lines
