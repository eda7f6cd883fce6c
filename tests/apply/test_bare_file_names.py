"""A renamed module's bare file name is a reference (issue 13, glom and boltons).

glom's traceback tests compare a formatted stack whose frames name their files by bare name
(``File "core.py", line ___, in glom``), and boltons' tests and a doctest assert that the package's
directory holds ``fileutils.py``. After the rename the frame is ``WF1_..._core.py`` and the file is gone:
those tests failed, and the plan listed nothing. A bare ``name.py`` standing as a whole token is now
attributed when no other Python file of the checkout has that name: listed in the plan (``file-name``,
or its prose kind) and rewritten in strings, doctests, comments and documentation. A name several files
share (``models.py`` of two subpackages) is listed for a person and never rewritten; a longer token
(``mycore.py``, ``core.py.bak``, ``core.pyc``, ``x-core.py``) is no reference. The tree is anchor R19's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

FIXTURE = Path(__file__).resolve().parents[1] / "anchors" / "R19_bare_file_name"
CONFIG = """\
exempt = ["**/__init__.py", "pkg/files.py", "pkg/b/**", "tests/**", "docs/**"]

[workflows]
"pkg/**" = 1
"""


def _repo(root: Path) -> Path:
    shutil.copytree(FIXTURE / "before", root)
    (root / "guardian.toml").write_text(CONFIG)
    return committed(root)


def _references(plan: dict[str, object], old: str) -> list[tuple[object, ...]]:
    [rename] = [r for r in plan_renames(plan) if r["old"] == old]  # type: ignore[index]
    return sorted((r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in rename["references"])


def test_the_plan_lists_bare_file_names_and_apply_rewrites_the_unique_ones(cli: Invoke, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [r["new"] for r in plan_renames(plan)] == [
        "pkg/a/WF1_V7_L1_1of2_models.py",
        "pkg/WF1_V7_L1_2of2_core.py",
    ]
    assert [r for r in _references(plan, "pkg/core.py") if ".py" in str(r[3])] == [
        ("docs/index.rst", 4, "docs", "core.py", "rewrite-prose"),
        ("docs/index.rst", 4, "docs", "core.py", "rewrite-prose"),
        ("pkg/files.py", 9, "file-name", "core.py", "rewrite"),  # a doctest's code: no prose
        ("tests/check_core.py", 16, "file-name", "core.py", "rewrite"),  # the traceback's frame
        ("tests/check_core.py", 25, "comment", "core.py", "rewrite-prose"),
        ("tests/check_core.py", 25, "file-name", "core.py", "rewrite"),
    ]
    assert _references(plan, "pkg/a/models.py") == [
        ("docs/index.rst", 5, "shared-file-name", "models.py", "follow-up"),
        ("tests/check_core.py", 28, "shared-file-name", "models.py", "follow-up"),
        ("tests/check_core.py", 29, "shared-file-name", "models.py", "follow-up"),
    ]

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert snapshot(repo) == {**snapshot(FIXTURE / "after"), "guardian.toml": CONFIG.encode()}
    assert sorted(m["detail"] for b in report["batches"] for m in b["manual_follow_up"]) == [
        "docs/index.rst:5: manual follow-up: 'models.py' is a bare file name that several files of the "
        "checkout have: 'Each subpackage keeps its models in ``models.py``; ``mycore.py`` and ``core.py.bak`` "
        "are other files.'",
        "tests/check_core.py:28: manual follow-up: a bare file name that several files of the checkout have: "
        "'models.py'",
        "tests/check_core.py:29: manual follow-up: a bare file name that several files of the checkout have: "
        "'models.py'",
    ]
    edits = sorted((e["path"], e["line"], e["kind"]) for b in report["batches"] for e in b["reference_edits"])
    assert [e for e in edits if e[0] != "tests/check_core.py" or e[1] != 4] == [
        ("docs/index.rst", 4, "file-name"),
        ("pkg/files.py", 9, "doctest"),
        ("tests/check_core.py", 16, "file-name"),
        ("tests/check_core.py", 25, "comment"),
        ("tests/check_core.py", 25, "file-name"),
    ]
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_no_prose_leaves_the_prose_and_rewrites_the_strings_and_doctests(cli: Invoke, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests", "--no-prose")
    after = snapshot(FIXTURE / "after")
    test = (repo / "tests/check_core.py").read_text()
    assert test == after["tests/check_core.py"].decode().replace(
        "# WF1_V7_L1_2of2_core.py: the engine's own file", "# core.py: the engine's own file"
    )
    assert (repo / "docs/index.rst").read_bytes() == original["docs/index.rst"]
    assert (repo / "pkg/files.py").read_bytes() == after["pkg/files.py"]  # a doctest is code, not prose
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_an_editors_backup_of_a_renamed_file_is_another_file() -> None:
    # `core.py~` (the 21st review): a longer token, like core.py.bak; the path and the bare name alike
    from codemods.string_tokens import sub_paths
    from planner.reference_kinds import BARE_FILE_NAME

    paths = {"core.py": "WF1_core.py", "pkg/core.py": "pkg/WF1_core.py"}
    assert sub_paths("core.py~ pkg/core.py~ core.py pkg/core.py.", paths)[0] == (
        "core.py~ pkg/core.py~ WF1_core.py pkg/WF1_core.py."
    )
    assert [m.group(1) for m in BARE_FILE_NAME.finditer("core.py~ core.py")] == ["core.py"]
