"""A renamed module's file named by the tail of its path after an elided start (issue 13, pytest).

pytest's own suite matches its output with ``fnmatch_lines`` patterns such as
``"tmp_path -- .../_pytest/tmpdir.py:*"``: the ``...`` stands for whatever directory holds the source root.
The token was neither listed nor rewritten (``.../`` is not a path from the root, and the bare-name rule
leaves a path's tail), so after ``apply --all`` ``--fixtures`` printed the new file name and two tests were
lost. Such a tail is a ``file-path`` reference now, after ``.../``, ``*/`` or an ellipsis character, when it
has a directory and is a module's path from the root or a source root; not a bare name after the elision,
not a longer path, not another package's file with the same tail.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from apply_helpers import Invoke, committed, plan_references, snapshot

CONFIG = """\
source_roots = ["src"]
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"src/pkg/**" = 1
"""
PATTERNS = """\
SHOWN = [
    "tmp_path -- .../pkg/tmpdir.py:*",
    "*/pkg/tmpdir.py",
    "see \u2026/pkg/tmpdir.py",
    "frame in .../src/pkg/tmpdir.py, line 3",
]
LEFT = [
    ".../tmpdir.py",
    ".../other/pkg/tmpdir.py",
    "x.../pkg/tmpdir.py",
    ".../pkg/tmpdir.pyc",
    ".../pkg/tmpdirs.py",
]
"""


def test_a_path_after_an_elided_start(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "",
            "src/pkg/tmpdir.py": "",
            "tests/__init__.py": "",
            "tests/patterns.py": PATTERNS,
        }
    )
    committed(repo)
    original = snapshot(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(x["kind"], x["line"]) for _, x in plan_references(plan) if x["path"] == "tests/patterns.py"}
    assert found == {("file-path", 2), ("file-path", 3), ("file-path", 4), ("file-path", 5)}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = next((repo / "src/pkg").glob("WF*_tmpdir.py")).name
    text = (repo / "tests/patterns.py").read_text()
    shown, left = text.split("LEFT = ")
    assert shown == PATTERNS.split("LEFT = ")[0].replace("/pkg/tmpdir.py", f"/pkg/{new}")
    assert left == PATTERNS.split("LEFT = ")[1]

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def _listed(plan: dict[str, Any]) -> dict[tuple[str, int], str]:
    return {(x["path"], x["line"]): x["action"] for _, x in plan_references(plan)}


def _changed(before: dict[str, bytes], repo: Path) -> set[tuple[str, int]]:
    after = snapshot(repo)
    return {
        (path, number)
        for path, old in before.items()
        if path in after and after[path] != old
        for number, (a, b) in enumerate(zip(old.splitlines(), after[path].splitlines()), start=1)
        if a != b
    }


ELIDED = [
    "t = tmp_path -- .../pkg/tmpdir.py:*",
    "o = */pkg/tmpdir.py",
    "g = **/pkg/tmpdir.py",
    "e = \u2026/pkg/tmpdir.py",
]
#: a glob within a name (``*pkg/``, ``?/``), an elision inside a name (``a*/``) or longer than two stars: no path
NOT_ELIDED = ["x *pkg/tmpdir.py", "q ?/pkg/tmpdir.py", "a*/pkg/tmpdir.py", "***/pkg/tmpdir.py"]


def test_elided_paths_follow_one_rule_in_every_kind_of_file(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """Review 25, hole 6: in README.md and an expected-output .txt apply rewrote ``*/``, ``**/`` and ``*pkg/`` paths
    (as globs) the plan did not list, and ``.../pkg/tmpdir.py:*`` was neither listed nor rewritten there."""
    text = "\n".join([*ELIDED, *NOT_ELIDED, "*src/pkg/tmpdir.py* is emphasis"]) + "\n"
    files = {"README.md": text, "tests/data/expected.txt": text, "tox.ini": "[x]\n" + "\n".join(ELIDED) + "\n"}
    python = "P = [\n" + "".join(f"    {line!r},\n" for line in text.splitlines()) + "]\n"
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "",
            "src/pkg/tmpdir.py": "",
            "tests/__init__.py": "",
            "tests/patterns.py": python,
            **files,
        }
    )
    committed(repo)
    original = snapshot(repo)

    listed = _listed(json.loads(cli(repo, "--json", "plan").stdout))
    shown = {**{(p, n): "rewrite" for p in ("README.md", "tests/data/expected.txt") for n in (1, 2, 3, 4, 9)}}
    shown |= {("tox.ini", n): "rewrite" for n in (2, 3, 4, 5)} | {
        ("tests/patterns.py", n): "rewrite" for n in (2, 3, 4, 5, 10)
    }
    assert {k: v for k, v in listed.items() if k[0] != "src/pkg/tmpdir.py"} == shown

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert _changed(original, repo) == set(shown)
    new = next((repo / "src/pkg").glob("WF*_tmpdir.py")).name
    readme = (repo / "README.md").read_text()
    assert readme.splitlines()[:4] == [line.replace("tmpdir.py", new) for line in ELIDED]
    assert readme.splitlines()[4:8] == NOT_ELIDED

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_an_elided_tail_another_file_ends_with_is_a_follow_up(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """Review 25, hole 1: beside a test-data tree ``tests/data/proj/pkg/tmpdir.py`` (what pytester copies, runs and
    matches the traceback of), ``.../pkg/tmpdir.py`` may name either file: listed for a person, left by apply, as
    a bare file name several files have is. Any file counts (``docs/example/pkg/util.py``, no module of the
    checkout); a longer tail (``.../src/pkg/tmpdir.py``) is the module's."""
    test = 'fnmatch_lines(["*/pkg/tmpdir.py:2: AssertionError", ".../pkg/tmpdir.py:*"])\nX = ".../src/pkg/tmpdir.py"\n'
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "",
            "src/pkg/tmpdir.py": "",
            "src/pkg/util.py": "",
            "tests/__init__.py": "",
            "tests/test_e.py": test,
            "tests/data/proj/pkg/tmpdir.py": "def f():\n    assert 0\n",
            "docs/example/pkg/util.py": "",
            "README.md": "See .../pkg/tmpdir.py and \u2026/pkg/util.py.\n",
            "tox.ini": "[x]\nomit = */pkg/tmpdir.py\n",
        }
    )
    committed(repo)
    original = snapshot(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kinds = {(x["path"], x["line"], x["kind"]) for _, x in plan_references(plan) if not x["path"].startswith("src/")}
    assert kinds == {
        ("tests/test_e.py", 1, "shared-file-name"),
        ("tests/test_e.py", 2, "file-path"),
        ("README.md", 1, "shared-file-name"),
        ("tox.ini", 2, "shared-file-name"),
    }

    out = cli(repo, "--json", "apply", "--all", "--no-tests").stdout
    assert _changed(original, repo) == {("tests/test_e.py", 2)}
    assert "tests/test_e.py:1: manual follow-up: a path's tail after an elided start" in out
    assert "tox.ini:2: manual follow-up" in out
    assert "README.md:1: manual follow-up: 'pkg/util.py' is a path's tail" in out

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
