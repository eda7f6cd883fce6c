"""codemods/held_tables.py: which tables of its own modules a package's ``__getattr__`` reads (issue 13, class 1).

Only such a table is widened in its own file (codemods/package_init_refs.py with ``held``); a table the ``__init__``
also shows as its public names, one outside the package or one no loader reads stays as it is.
"""

from __future__ import annotations

import pytest

from codemods.held_tables import held_tables

LOADER = """\
import importlib
{imports}


def __getattr__(name):
    if name in {table}:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
"""


@pytest.mark.parametrize(
    ("imports", "table", "found"),
    [
        ("from ._lazy import SUBS", "SUBS", {"pkg._lazy": {"SUBS"}}),
        ("from pkg._lazy import SUBS as S", "S", {"pkg._lazy": {"SUBS"}}),
        ("from . import _lazy", "_lazy.SUBS", {"pkg._lazy": {"SUBS"}}),
        ("from pkg import _lazy as t", "t.SUBS", {"pkg._lazy": {"SUBS"}}),
        ("import pkg._lazy as t", "t.SUBS", {"pkg._lazy": {"SUBS"}}),
        ("import pkg._lazy", "pkg._lazy.SUBS", {"pkg._lazy": {"SUBS"}}),
        ("from .sub.tables import SUBS", "SUBS", {"pkg.sub.tables": {"SUBS"}}),
        ("from other.tables import SUBS", "SUBS", {}),  # outside the package: not this package's to widen
        ("SUBS = {'a'}", "SUBS", {}),  # the package's own table: codemods/package_init_refs.py
    ],
)
def test_the_tables_a_loader_reads_from_its_modules(imports: str, table: str, found: dict[str, set[str]]) -> None:
    assert held_tables(LOADER.format(imports=imports, table=table), "pkg") == found


def test_a_table_read_through_a_helper_and_by_lookup() -> None:
    source = """\
import importlib

from ._lazy import PATHS, ROWS


def _load(name):
    return importlib.import_module(PATHS[name], __name__)


def __getattr__(name):
    for row in ROWS.values():
        pass
    return _load(name)
"""
    assert held_tables(source, "pkg") == {"pkg._lazy": {"PATHS", "ROWS"}}


def test_a_table_shown_as_the_packages_names_is_not_held() -> None:
    source = LOADER.format(imports="from ._lazy import SUBS", table="SUBS") + "\n__all__ = sorted(SUBS)\n"
    assert held_tables(source, "pkg") == {}
    assert held_tables(source, "pkg", shown=True) == {"SUBS": {"pkg._lazy.SUBS"}}  # its loader test answers new names


def test_no_loader_no_table() -> None:
    assert held_tables("from ._lazy import SUBS\n\nNAMES = [n for n in SUBS]\n", "pkg") == {}
    assert held_tables("def __getattr__(name):\n    if name in (\n", "pkg") == {}  # does not parse
