"""A lazy table held in a sibling module and read by another module too keeps its names (review40's R6).

``pkg/_lazy.py`` holds ``SUBMODULES = {"converters", "validators"}``; the package's ``__getattr__`` reads it, and
so does ``pkg/cli.py`` (``sorted(SUBMODULES)``: the CLI's menu). codemods/held_tables.py widened the set to four
names, so the menu listed each tool twice (2 passed -> 1 failed). Now such a table is kept as written, the
``__getattr__`` test answers the new names Rope writes in the importers (``name in SUBMODULES or name in (...)``),
and the old names reach the renamed modules through the shims at their old paths.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, planned, reverted, write_files

INIT = """\
import importlib

from ._lazy import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": INIT,
    "pkg/_lazy.py": 'SUBMODULES = {"converters", "validators"}\n',
    "pkg/cli.py": "from pkg._lazy import SUBMODULES\n\n\ndef list_tools():\n    return sorted(SUBMODULES)\n",
    "pkg/converters.py": 'def run():\n    return "c"\n',
    "pkg/validators.py": 'def run():\n    return "v"\n',
    "tests/test_cli.py": "import pkg\nfrom pkg.cli import list_tools\n\n\n"
    "def test_tools_listed_once():\n"
    '    assert list_tools() == ["converters", "validators"]\n\n\n'
    "def test_lazy():\n"
    '    assert pkg.converters.run() == "c"\n',
}


def test_a_held_table_another_module_reads_keeps_its_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    _plan, original = planned(cli, repo, "2 passed")
    applied(cli, repo, "2 passed")
    held = [p for p in (repo / "pkg").glob("*lazy.py")]
    assert [p.read_text() for p in held] == [FILES["pkg/_lazy.py"]]  # the table as written
    init = (repo / "pkg/__init__.py").read_text()
    assert "name in SUBMODULES or name in (" in init and "WF1_" in init  # the loader answers the new names
    reverted(cli, repo, original)
