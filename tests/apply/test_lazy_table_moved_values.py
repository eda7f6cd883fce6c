"""A table whose values name submodules under other keys gets no key for a new name (issue 13, breaker c31/c32).

A deprecation table maps old attribute names to the submodules that replace them::

    _MOVED = {"old_one": "m1", "old_two": "m2"}

    def __getattr__(name):
        if name in _MOVED:
            warnings.warn(f"{name} moved", DeprecationWarning)
            return importlib.import_module("." + _MOVED[name], __name__)

Its keys are attribute names, not modules: ``m1`` is no attribute the table serves. The mapping apply wrote added
the key ``"WF1_..m1"``, so Rope's ``from pkg import WF1_..m1 as m1`` in an importer went through the warning
branch (``DeprecationWarning: WF1_..m1 moved``, an error under ``filterwarnings = error``). Only a key that is the
module's own name gets the new name beside it; the values are rewritten in place.
"""

from __future__ import annotations

import re
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

INIT = """\
import importlib
import warnings

_MOVED = {"old_one": "m1", "old_two": "m2", "m3": "m3"}


def __getattr__(name):
    if name in _MOVED:
        if name != "m3":
            warnings.warn(f"{name} moved", DeprecationWarning)
        return importlib.import_module("." + _MOVED[name], __name__)
    raise AttributeError(name)
"""
SUITE = """\
import pytest

import pkg


def test_user():
    from pkg import user

    assert user.v() == 1


def test_moved():
    with pytest.warns(DeprecationWarning):
        assert pkg.old_one.V == 1
    with pytest.warns(DeprecationWarning):
        assert pkg.old_two.V == 2


def test_own_name():
    assert pkg.m3.V == 3
"""


def test_a_table_of_moved_names_gets_its_values_rewritten(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
            "pkg/__init__.py": INIT,
            "pkg/m1.py": "V = 1\n",
            "pkg/m2.py": "V = 2\n",
            "pkg/m3.py": "V = 3\n",
            "pkg/user.py": "from pkg import m1\n\n\ndef v():\n    return m1.V\n",
            "tests/test_pkg.py": SUITE,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("3 passed")
    init = (repo / "pkg/__init__.py").read_text()
    assert re.search(r'"old_one": "WF1_\w+_m1"', init) and re.search(r'"WF1_\w+_m3": "WF1_\w+_m3"', init)
    assert not re.search(r'"WF1_\w+_m[12]":', init)  # no key for a module served under another name
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
