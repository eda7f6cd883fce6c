"""A lazy table other code reads as the package's public names keeps its old names (issue 13, breaker c14).

A PEP 562 package's table of submodules is often also its list of public names::

    _SUBMODULES = {"converters", "validators"}
    __all__ = sorted(_SUBMODULES)

    def __getattr__(name):
        if name in _SUBMODULES:
            return importlib.import_module(f".{name}", __name__)

    def __dir__():
        return sorted(_SUBMODULES)

The mapping apply wrote (codemods/lazy_table.py) added each new name as a key beside the old one, so
``pkg.__all__``, ``dir(pkg)``, ``from pkg import *`` and ``len(_SUBMODULES)`` gave four names where there were
two. A table read anywhere but the lookup in ``__getattr__`` (``name in TABLE``, ``TABLE[name]``) keeps its keys:
each old name maps to its new module, and the lookup answers the new names as the table's values.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

INIT = """\
import importlib

_SUBMODULES = {"converters", "validators"}
__all__ = sorted(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)


def __dir__():
    return sorted(_SUBMODULES)


def count():
    return len(_SUBMODULES)
"""
SUITE = """\
import pkg


def test_public_names():
    assert pkg.__all__ == ["converters", "validators"]
    assert dir(pkg) == ["converters", "validators"]
    assert pkg.count() == 2
    ns = {}
    exec("from pkg import *", ns)
    assert sorted(k for k in ns if not k.startswith("__")) == ["converters", "validators"]


def test_use():
    assert pkg.converters.conv() == 1
    assert getattr(pkg, "validators").val() == 2
"""


def test_a_table_read_as_public_names_keeps_them(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": INIT,
            "pkg/converters.py": "def conv():\n    return 1\n",
            "pkg/validators.py": "def val():\n    return 2\n",
            "tests/test_pkg.py": SUITE,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/converters.py").exists()  # the table maps the old names: no shim
    assert "pkg.WF1_" in (repo / "tests/test_pkg.py").read_text()  # Rope wrote the new name in the importer
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


LISTED = """\
import importlib

_SUBMODULES = ["converters", "validators"]
__all__ = {all}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)


def __dir__():
    return sorted([*globals(), *_SUBMODULES])
"""
LISTED_SUITE = """\
import pkg


def test_public_names():
    assert pkg.__all__ == ["converters", "validators", "VERSION"]
    assert {"converters", "validators"} <= set(dir(pkg))
    ns = {}
    exec("from pkg import *", ns)
    assert sorted(k for k in ns if not k.startswith("__")) == ["VERSION", "converters", "validators"]


def test_use():
    assert pkg.converters.conv() == 1
    assert getattr(pkg, "validators").val() == 2
"""


@pytest.mark.parametrize(
    ("spelled", "mapped"), [('[*_SUBMODULES, "VERSION"]', True), ('_SUBMODULES + ["VERSION"]', False)]
)
def test_a_listed_table_shown_as_public_names_keeps_them(
    cli: Invoke, tmp_path: Path, spelled: str, mapped: bool
) -> None:
    """``__all__ = [*_SUBMODULES, "VERSION"]`` (a starred read, which a dict serves as it does ``sorted``) becomes
    the mapping that keeps its keys; ``_SUBMODULES + ["VERSION"]`` cannot (a list added to a list): the table keeps
    its old names, reached through the shims, and ``__getattr__``'s test answers the new names Rope wrote in the
    importers (``name in _SUBMODULES or name in ("WF1_...",)``). Both had the new names added beside the old ones,
    so ``pkg.__all__``, ``dir(pkg)`` and ``from pkg import *`` gained two names."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": LISTED.format(all=spelled) + "VERSION = 1\n",
            "pkg/converters.py": "def conv():\n    return 1\n",
            "pkg/validators.py": "def val():\n    return 2\n",
            "tests/test_pkg.py": LISTED_SUITE,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/converters.py").exists() is not mapped  # a shim only where the table cannot map
    if not mapped:  # the widened test is laid out one name a line past 79 columns
        assert max(len(line) for line in (repo / "pkg/__init__.py").read_text().splitlines()) <= 79
    assert "pkg.WF1_" in (repo / "tests/test_pkg.py").read_text()
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
