"""A plan reuses what ``find_dynamic`` found in each file by an earlier plan (issue 17), never a finding stale.

``find_dynamic`` parsed and walked every file whose bytes show a trigger on every plan, warm or cold: on sympy
1.14.0, 36 of a warm plan's 37 s of CPU. Its findings per file are kept (planner/file_findings.py) and served
while the file's bytes, the checkout's layout and the bytes of every other module's file the findings were
read from are what they were: a finding built from another module's constant or names changes with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import planner.file_finder
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.file_findings import FileFindings
from planner.hazards import Hazard
from planner.references import Reference
from planner.scan import scan_repo

Found = tuple[list[Reference], list[Hazard]]


class Memory:
    """A findings cache in memory, counting the entries it served."""

    def __init__(self) -> None:
        self.entries: dict[str, FileFindings] = {}
        self.hits = 0

    def lookup(self, key: str) -> FileFindings | None:
        found = self.entries.get(key)
        self.hits += found is not None
        return found

    def store(self, key: str, findings: FileFindings) -> None:
        self.entries[key] = findings


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def found(root: Path, cache: Memory | None) -> Found:
    config = Config(root=root, exempt=())
    return find_dynamic(config.root, scan_repo(config), cache)


LOADER = {
    "pkg/__init__.py": "",
    "pkg/plugins/__init__.py": "",
    "pkg/plugins/alpha.py": "",
    "pkg/other/__init__.py": "",
    "pkg/other/beta.py": "",
    "pkg/consts.py": 'PREFIX = "pkg.plugins"\n',
    "pkg/loader.py": (
        "from importlib import import_module\n"
        "from pkg.consts import PREFIX\n\n\n"
        "def load(name):\n"
        '    return import_module(PREFIX + "." + name)\n'
    ),
    "pkg/user.py": 'import re\nHELP = "see pkg.plugins.alpha"\nPATTERN = re.compile(r"pkg\\.other\\.beta")\n',
    "tool.py": "VERSION = 1\n",
    "pkg/mentions.py": 'ASKED = "see tool.VERSION here"\n',
}


def test_a_second_plan_parses_no_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, LOADER)
    cache = Memory()
    cold = found(tmp_path, cache)
    assert cache.entries and cache.hits == 0
    parsed: list[str] = []
    parse = planner.file_finder.parse_python

    def counting(raw: bytes, path: str) -> object:
        parsed.append(path)
        return parse(raw, path)

    monkeypatch.setattr(planner.file_finder, "parse_python", counting)
    warm = found(tmp_path, cache)
    assert parsed == []
    assert cache.hits == len(cache.entries)
    assert warm == cold == found(tmp_path, None)
    assert {r.module for r in cold[0] if r.path == "pkg/loader.py"} == {"pkg.plugins.alpha"}


def test_a_changed_constant_of_another_module_changes_the_findings(tmp_path: Path) -> None:
    """``pkg/loader.py`` is unchanged; the prefix it imports from ``pkg/consts.py`` now leads elsewhere."""
    write(tmp_path, LOADER)
    cache = Memory()
    before = found(tmp_path, cache)
    write(tmp_path, {"pkg/consts.py": 'PREFIX = "pkg.other"\n'})
    after = found(tmp_path, cache)
    assert after == found(tmp_path, None)
    assert {r.module for r in after[0] if r.path == "pkg/loader.py"} == {"pkg.other.beta"}
    assert after != before


def test_the_names_another_module_binds_change_the_findings(tmp_path: Path) -> None:
    """``tool.VERSION`` in a text names the top-level module ``tool`` only while ``tool.py`` binds ``VERSION``."""
    write(tmp_path, LOADER)
    cache = Memory()
    before = found(tmp_path, cache)
    assert any(r.path == "pkg/mentions.py" and r.module == "tool" for r in before[0])
    write(tmp_path, {"tool.py": "RELEASE = 1\n"})
    after = found(tmp_path, cache)
    assert after == found(tmp_path, None)
    assert not any(r.path == "pkg/mentions.py" for r in after[0])


def test_a_module_added_changes_the_findings_of_unchanged_files(tmp_path: Path) -> None:
    write(tmp_path, LOADER)
    cache = Memory()
    found(tmp_path, cache)
    write(tmp_path, {"pkg/plugins/gamma.py": ""})
    after = found(tmp_path, cache)
    assert after == found(tmp_path, None)
    assert {r.module for r in after[0] if r.path == "pkg/loader.py"} == {"pkg.plugins.alpha", "pkg.plugins.gamma"}


def test_an_edited_file_is_read_again_and_the_others_are_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, LOADER)
    cache = Memory()
    found(tmp_path, cache)
    write(tmp_path, {"pkg/user.py": 'HELP = "see pkg.other.beta"\n'})
    parsed: list[str] = []
    parse = planner.file_finder.parse_python
    monkeypatch.setattr(planner.file_finder, "parse_python", lambda raw, path: parsed.append(path) or parse(raw, path))
    after = found(tmp_path, cache)
    assert parsed == ["pkg/user.py"]
    assert after == found(tmp_path, None)
    assert {(r.kind, r.module) for r in after[0] if r.path == "pkg/user.py"} == {("string-part", "pkg.other.beta")}
