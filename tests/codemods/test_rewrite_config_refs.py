"""rewrite_config_refs over the fixture files in ``rewrite_config_refs/`` (anchor T24 and more)."""

from __future__ import annotations

from pathlib import Path

import pytest
from codemod_cases import DEFAULT_PATH_RENAMES, Case, journal_round_trip, load_cases

from codemods.base import CodemodResult
from codemods.rewrite_config_refs import rewrite_config_refs

CASES_DIR = Path(__file__).parent / "rewrite_config_refs"
CASES = load_cases(CASES_DIR)


def _path(case: Case) -> str:
    """``pyproject.before.toml`` is checked as ``pyproject.toml``; ``coveragerc.before`` as ``.coveragerc``."""
    return case.path(f"{case.name}{case.suffix}" if case.suffix else f".{case.name}")


def _run(case: Case) -> CodemodResult:
    return rewrite_config_refs(
        case.before,
        case.renames,
        path=_path(case),
        path_renames=case.meta.get("path_renames", DEFAULT_PATH_RENAMES),
        prose=case.meta.get("prose", True),
        names=case.meta.get("names"),
        shared=case.meta.get("shared", ()),
    )


def test_cover_every_format() -> None:
    paths = {_path(p.values[0]) for p in CASES}
    assert {"pyproject.toml", "setup.cfg", "tox.ini", ".coveragerc", "api.rst", "ci.yml", "readme.md"} <= paths
    assert {"t24_pyproject.toml", "t24_automodule.rst", "t24_ci.yml"} <= paths


@pytest.mark.parametrize("case", CASES)
def test_case(case: Case, tmp_path: Path) -> None:
    result = _run(case)
    assert result.skipped is None
    expected = case.after if case.after is not None else case.before
    assert result.code == expected
    assert result.changed is (case.after is not None)
    assert result.warnings == case.warnings
    if case.after is None:
        assert result.edits == ()
        return
    changed = {n for n, (a, b) in enumerate(zip(case.before.splitlines(), case.after.splitlines()), 1) if a != b}
    assert changed == {e.line for e in result.edits}
    journal_round_trip(tmp_path, _path(case), case.before, result.code)


def test_crlf_kept_byte_for_byte() -> None:
    case = next(p.values[0] for p in CASES if p.id == "tox")
    result = _run(case)
    assert result.code.count("\r\n") == case.before.count("\r\n") and "\n" not in result.code.replace("\r\n", "")


def test_edit_kinds() -> None:
    case = next(p.values[0] for p in CASES if p.id == "pyproject")
    kinds = {(e.line, e.kind) for e in _run(case).edits}
    assert kinds == {
        (6, "entry-point"),
        (10, "entry-point"),
        (13, "entry-point"),
        (17, "coverage-source"),
        (18, "path"),
        (18, "glob"),  # "src/pkg/mo*.py" -> "src/pkg/*mo*.py": it matches the new name too
        (21, "config"),
        (22, "prose"),
    }
    tox = next(p.values[0] for p in CASES if p.id == "tox")
    assert [(e.kind, e.old, e.new) for e in _run(tox).edits] == [
        ("python-m", "pkg.mod", "pkg.newmod"),
        ("python-m", "pkg.mod", "pkg.newmod"),
        ("coverage-source", "pkg.mod", "pkg.newmod"),
    ]


def test_text_without_old_names_is_returned_as_is() -> None:
    text = "[project]\nname = 'x'\n"
    result = rewrite_config_refs(text, {"pkg.mod": "pkg.newmod"}, path="pyproject.toml")
    assert result.code is text and not result.changed and not result.warnings


def test_tool_file_edit_kinds() -> None:
    """A Dockerfile's exec form is ``python -m`` too; a ``pkg.mod:attr`` is an entry point (issue 13)."""
    case = next(p.values[0] for p in CASES if p.id == "dockerfile")
    assert [(e.line, e.kind, e.old) for e in _run(case).edits] == [
        (3, "prose", "# pkg.mod serves on 8000"),
        (4, "config", "pkg.mod.settings"),
        (4, "entry-point", "pkg.mod:app"),
        (5, "python-m", "pkg.mod"),
        (6, "entry-point", "pkg.mod:app"),
        (7, "python-m", "pkg.mod"),
    ]


@pytest.mark.parametrize("name", ["launch", "package", "django_fixture", "json_config"])
def test_json_stays_json_with_only_the_paths_changed(name: str) -> None:
    """JSON is rewritten as text, never re-serialised: the same document with the new paths (issue 13)."""
    import json
    import re

    case = next(p.values[0] for p in CASES if p.id == name)
    result = _run(case)

    def load(text: str) -> object:
        return json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.M))  # VS Code's comments

    assert "pkg.newmod" not in case.before and "pkg.newmod" in result.code
    # the same document, key order too, but for the new paths
    assert json.dumps(load(result.code)).replace("pkg.newmod", "pkg.mod") == json.dumps(load(case.before))
