"""A checkout that ships a findings cache (``.guardian/cache/findings.json``) must not steer the plan.

The cache holds what ``find_dynamic`` found in each file (planner/file_findings.py): references the plan rewrites
and hazards it reports. An entry's key is computable by anyone (a digest of the file, the layout and Guardian's
code), so the signature is what keeps a shipped entry out: the same entry, signed by this user's Guardian, is
taken (the key is right); unsigned, damaged or of another shape, it is ignored.
"""

from __future__ import annotations

import json
from pathlib import Path

from attack_helpers import git, run

from guardian.config_file import load_config
from guardian.findings_cache import CACHE_PATH, JsonFindingsCache
from planner.file_findings import FileFindings, FindingsReuse, ReadLog
from planner.plan import PLAN_PATH
from planner.references import Reference
from planner.scan import scan_repo

USER = "src/pkg/c.py"
#: what the attacker wants in the plan: a reference to rewrite in a file the plan would not touch
FORGED = Reference(USER, 1, "string-part", "pkg.b", "pkg.b")


class _Keys:
    """A findings cache that only remembers the keys asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def lookup(self, key: str) -> FileFindings | None:
        self.asked.append(key)
        return None

    def store(self, key: str, findings: FileFindings) -> None:
        pass


def _key(checkout: Path) -> str:
    """The key of ``USER``'s entry, as planner/file_findings.py computes it (what an attacker can compute too)."""
    scan = scan_repo(load_config(checkout))
    file = next(m for m in scan.modules.values() if m.path == USER)
    reuse = FindingsReuse(_Keys(), str(checkout), scan, ReadLog())
    return reuse.key(file, (checkout / USER).read_bytes(), scan.facts[USER])


def _planned(checkout: Path) -> str:
    code, _, err = run(checkout, "plan")
    assert code == 0, err
    return (checkout / PLAN_PATH).read_text()


def _setup(checkout: Path) -> tuple[str, FileFindings]:
    """Every module renamed (``WF1_<name>``); ``USER`` names ``pkg.a`` only."""
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    (checkout / USER).write_text('"""Uses pkg.a."""\nVALUE = 2\n')
    git(checkout, "add", USER, "guardian.toml")
    git(checkout, "commit", "-q", "-m", "c")
    entry = FileFindings((FORGED,), (), (), ())
    return _key(checkout), entry


def test_a_shipped_unsigned_findings_cache_with_the_right_key_is_ignored(checkout: Path) -> None:
    key, entry = _setup(checkout)
    clean = _planned(checkout)
    assert '"text": "pkg.b"' not in clean
    (checkout / CACHE_PATH).unlink()
    value = json.dumps(JsonFindingsCache(checkout).encode(entry), separators=(",", ":"))
    header = json.dumps({"format": JsonFindingsCache.FORMAT, "layout": "lines"}, separators=(",", ":"))
    (checkout / CACHE_PATH).write_text("0" * 64 + "\n" + header + "\n" + key + "\t" + value + "\n")
    assert _planned(checkout) == clean
    # the same entry signed by this user's Guardian is taken: the key was right, the signature kept it out
    (checkout / CACHE_PATH).unlink()
    own = JsonFindingsCache(checkout)
    own.put(key, entry)
    own.save()
    assert '"text": "pkg.b"' in _planned(checkout)


def test_a_damaged_or_malformed_findings_cache_is_ignored(checkout: Path) -> None:
    key, entry = _setup(checkout)
    clean = _planned(checkout)
    (checkout / CACHE_PATH).unlink()
    own = JsonFindingsCache(checkout)
    own.put(key, entry)
    own.save()
    raw = (checkout / CACHE_PATH).read_bytes()
    (checkout / CACHE_PATH).write_bytes(raw.replace(b'"pkg.b"', b'"pkg.a"'))  # damaged: the MAC fails
    assert JsonFindingsCache(checkout).entries == {}
    assert _planned(checkout) == clean
    malformed = (
        [[[USER, "1", "string-part", "pkg.b", "pkg.b"]], [], [], []],  # a line that is no int
        [[[USER, True, "string-part", "pkg.b", "pkg.b"]], [], [], []],  # a bool is no line
        [[[USER, 1, "string-part", "pkg.b"]], [], [], []],  # a row too short
        [[], [["k", "m", USER, 1, None]], [], []],  # a hazard's detail that is no string
        [[], [], [1], []],  # a class that is no name
        [[], [], [], [["pkg.a"]]],  # a read without its digest
        {"references": []},
    )
    for value in malformed:
        (checkout / CACHE_PATH).unlink()
        own = JsonFindingsCache(checkout)
        own.entries[key] = json.dumps(value).encode()  # signed as written: only the shape is wrong
        own.used.add(key)
        own.dirty = True
        own.save()
        assert key in JsonFindingsCache(checkout).entries
        assert JsonFindingsCache(checkout).get(key) is None
        assert _planned(checkout) == clean
