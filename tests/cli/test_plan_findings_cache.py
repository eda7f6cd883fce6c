"""``guardian plan`` keeps what ``find_dynamic`` found in each file (``.guardian/cache/findings.json``) and a plan of
an unchanged checkout parses none of those files again (issue 17: on sympy 1.14.0, 36 of a warm plan's 37 s of CPU
went to parsing them again). The plan is byte-identical; an edited file is parsed again, with the files whose findings read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run

import planner.file_finder
from guardian.findings_cache import CACHE_PATH
from planner.plan import PLAN_PATH


def _plan(repo: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, list[str]]:
    """The plan's bytes and the files find_dynamic parsed to make it."""
    parsed: list[str] = []
    parse = planner.file_finder.parse_python

    def counting(raw: bytes, path: str) -> object:
        parsed.append(path)
        return parse(raw, path)

    with monkeypatch.context() as patch:
        patch.setattr(planner.file_finder, "parse_python", counting)
        code, _, err = run(repo, "plan", "-q")
    assert code == 0, err
    return (repo / PLAN_PATH).read_bytes(), parsed


def test_a_second_plan_parses_no_file_again_and_is_byte_identical(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, parsed = _plan(sample_copy, monkeypatch)
    assert parsed and (sample_copy / CACHE_PATH).is_file()
    second, again = _plan(sample_copy, monkeypatch)
    assert again == []
    assert second == first
    # the files whose findings read it (its constants, the names it binds) are parsed again with it, not the others
    edited = next(path for path in sorted(parsed) if path.startswith("src/") and not path.endswith("__init__.py"))
    (sample_copy / edited).write_text((sample_copy / edited).read_text() + "\n# edited\n")
    third, reparsed = _plan(sample_copy, monkeypatch)
    assert edited in reparsed and len(reparsed) < len(parsed)
    assert third == first
