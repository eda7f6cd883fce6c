"""A configuration glob that names a renamed file by its name after wildcard directories keeps naming it
(issue 13, pydash 8.1).

pydash's ``[tool.coverage.run] omit = ["*/types.py", ...]`` matched ``src/pydash/types.py``. The plan did not
list it (no module path, no path from the root) and apply left a manual follow-up ("glob matched ... but
not ..."), so coverage measured the renamed file. Where no other Python file of the checkout has that name,
the plan lists the glob (``pyproject:glob``) and apply writes the new name in its last part; a name other
files share stays a follow-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

from planner.config import Config
from planner.scan import scan_repo

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"src/pkg/**" = 1
"""
PYPROJECT = """\
[project]
name = "pkg"

[tool.coverage.run]
omit = [
    "*/tests/*",
    "*/types.py",
    "*/helpers.py",
]
"""
COVERAGERC = "[run]\nomit = **/src/*/types.py\n"


def test_a_glob_naming_one_renamed_file_by_its_name(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pyproject.toml": PYPROJECT,
            ".coveragerc": COVERAGERC,
            "src/pkg/__init__.py": "",
            "src/pkg/types.py": "X = 1\n",
            "src/pkg/helpers.py": "from pkg.types import X\n",
            "tests/helpers.py": "",  # another file so named: the glob names both
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for r in plan_renames(plan)}
    globs = [(r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in found["src/pkg/types.py"]]
    assert (".coveragerc", 2, "coveragerc:glob", "**/src/*/types.py", "rewrite") in globs, globs
    assert ("pyproject.toml", 7, "pyproject:glob", "*/types.py", "rewrite") in globs, globs
    assert not [r for r in found["src/pkg/helpers.py"] if r["kind"].endswith(":glob")]

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    pyproject = (repo / "pyproject.toml").read_text()
    new = next((repo / "src" / "pkg").glob("WF1_*_types.py")).name
    assert f'"*/{new}",' in pyproject and '"*/helpers.py",' in pyproject, pyproject
    assert (repo / ".coveragerc").read_text() == f"[run]\nomit = **/src/*/{new}\n"
    follow_ups = [item["detail"] for batch in report["batches"] for item in batch["manual_follow_up"]]
    assert len(follow_ups) == 1 and "glob '*/helpers.py' matched src/pkg/helpers.py" in follow_ups[0], follow_ups
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


PREFIXED = """\
[tool.coverage.run]
omit = [
    "*/pkg/_generated_*",
    "*/tests/*",
]
"""


def test_a_glob_over_the_start_of_file_names(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    """trio's ``omit = ["*/trio/_core/_generated_*"]`` matched its five generated modules; after the rename their
    names start with the pattern's fields, and apply left six follow-ups. The plan lists the glob for each file it
    matches, and apply opens it with ``*``: it matches the renamed files and the ones a later batch renames."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG.replace("exempt = [", "batch_size = 1\nexempt = ["),
            "pyproject.toml": PREFIXED,
            "src/pkg/__init__.py": "",
            "src/pkg/_generated_run.py": "X = 1\n",
            "src/pkg/_generated_io.py": "from ._generated_run import X\n",
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert len(plan["batches"]) == 2
    for rename in (r for r in plan_renames(plan)):
        globs = [(r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in rename["references"]]
        assert globs == [("pyproject.toml", 3, "pyproject:glob", "*/pkg/_generated_*", "rewrite")], globs

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert (repo / "pyproject.toml").read_text() == PREFIXED.replace("/_generated_*", "/*_generated_*")
    assert [item for batch in report["batches"] for item in batch["manual_follow_up"]] == []
    assert len(list((repo / "src/pkg").glob("_WF1_*_generated_*.py"))) == 2
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_glob_opened_with_a_star_would_match_another_file(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``omit = ["pkg/gen_*"]`` opened as ``pkg/*gen_*`` would also omit ``pkg/old_gen_tool.py``, a file it never
    matched (review 23): the plan lists it as a ``wide-glob`` follow-up, apply leaves the glob as it is."""
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "pkg/old_gen_tool.py"]\n',
            "pyproject.toml": '[tool.coverage.run]\nomit = ["pkg/gen_*"]\n',
            "pkg/__init__.py": "",
            "pkg/gen_a.py": "X = 1\n",
            "pkg/old_gen_tool.py": "Z = 3\n",
        }
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for r in plan_renames(plan)}
    globs = [(r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in found["pkg/gen_a.py"]]
    assert globs == [("pyproject.toml", 2, "wide-glob", "pkg/gen_*", "follow-up")], globs

    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert (repo / "pyproject.toml").read_text() == '[tool.coverage.run]\nomit = ["pkg/gen_*"]\n'
    follow_ups = [item["detail"] for batch in report["batches"] for item in batch["manual_follow_up"]]
    assert len(follow_ups) == 1 and "it would match pkg/old_gen_tool.py" in follow_ups[0], follow_ups


def test_guardians_own_table_is_no_reference(tmp_path: Path) -> None:
    """``[tool.guardian]`` in a ``pyproject.toml`` is the user's policy, which apply never rewrites: the plan
    lists nothing there either (a glob or a path), and the project's own tables still count."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "types.py").write_text("X = 1\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.guardian]\nexempt = ["*/types.py", "pkg/types.py"]\n\n'
        '[tool.guardian.workflows]\n"pkg/**" = 1\n\n[tool.coverage.run]\nomit = ["*/types.py"]\n'
    )
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    assert [(r.path, r.line, r.kind) for r in scan.references] == [("pyproject.toml", 8, "pyproject:glob")]
