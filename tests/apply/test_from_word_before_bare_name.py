"""A bare name after a ``from`` word that starts no import stays a local name (issue 13, construct 2.10.70).

Rope decides whether an occurrence is in an import statement from the text: the last ``from `` before it
in code, then the first `` import `` anywhere after that. Rope leaves an f-string's text in that code, so
construct's ``raise IntegerError(f"VarInt cannot build from negative number {obj}")`` followed much later by
a function's ``import numpy`` made every name in between "in an import statement", and Guardian's guard,
which keeps bare local names, let Rope decide those. ``construct/core.py`` star-imports ``construct.lib``,
whose ``from construct.lib.hex import *`` binds the submodule ``hex`` (Rope ignores ``__all__``), so the
builtin call ``doc=hex(value)`` became ``WF1_..._hex(value)`` and ``test_exportksy`` failed with
``NameError``. ``raise ... from err`` and ``yield from`` are such words in plain code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
CORE = """\
from pkg.lib import *


def check(value):
    if value < 0:
        raise ValueError(f"cannot build from negative number {value}")
    return value


def render(value):
    return hex(check(value)) + hexdump(b"a")


def parse(data):
    import json
    return json.loads(data)
"""
USERS = """\
from pkg.lib import hex


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise LookupError(key) from None


def dump(data):
    return hex.hexdump(data)


def items(table):
    yield from table


def later():
    import os
    return os.sep
"""
SUITE = """\
from pkg.core import render
from pkg.users import dump


def test_the_builtin_and_the_module_by_its_local_name():
    assert render(10) == "0xa61"
    assert dump(b"b") == "62"
"""


def test_a_from_word_in_code_is_no_import_statement(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/lib/__init__.py": 'from pkg.lib.hex import *\n\n__all__ = ["hexdump"]\n',
            "pkg/lib/hex.py": "def hexdump(data):\n    return data.hex()\n",
            "pkg/core.py": CORE,
            "pkg/users.py": USERS,
            "tests/test_api.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    renamed = {p.name: p.read_text() for p in (repo / "pkg").glob("WF1_*.py")}
    [hex_module] = [p.stem for p in (repo / "pkg/lib").glob("WF1_*_hex.py")]
    [core] = [text for name, text in renamed.items() if name.endswith("_core.py")]
    [users] = [text for name, text in renamed.items() if name.endswith("_users.py")]
    assert '    return hex(check(value)) + hexdump(b"a")\n' in core
    assert users.startswith(f"from pkg.lib import {hex_module} as hex\n")
    assert "    return hex.hexdump(data)\n" in users
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
